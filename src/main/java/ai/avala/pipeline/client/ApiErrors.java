package ai.avala.pipeline.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an error answer of the Avala API into the typed exception a user acts on. Tolerant of what the
 * contract leaves open: a {@code detail} body, a 400 field map, a non-JSON body, a missing code.
 */
final class ApiErrors {

	private static final int MAX_DETAIL = 500;

	private final JsonMapper json;

	ApiErrors(JsonMapper json) {
		this.json = json;
	}

	AvalaApiException from(int status, String body, String retryAfterHeader, String method, String path) {
		JsonNode node = parse(body);
		String detail = detail(node, body);
		String code = text(node, "code");
		return switch (status) {
			case 400 -> new AvalaInvalidRequestException(status, code, method, path, detail, null);
			case 401 -> new AvalaAuthenticationException(status, code, method, path, detail, null);
			case 403 -> forbidden(node, code, method, path, detail);
			case 404 -> new AvalaNotFoundException(status, code, method, path, detail, null);
			case 429 -> new AvalaRateLimitedException(method, path, detail, retryAfter(retryAfterHeader));
			default -> (status >= 500) ? new AvalaServerException(status, code, method, path, detail, null)
					: new AvalaInvalidRequestException(status, code, method, path, detail, null);
		};
	}

	private AvalaApiException forbidden(JsonNode node, String code, String method, String path, String detail) {
		if ("scope_required".equals(code)) {
			return new AvalaScopeException(403, method, path, detail, text(node, "required_scope"));
		}
		if ("plan_insufficient".equals(code)) {
			return new AvalaPlanException(403, method, path, detail);
		}
		return new AvalaForbiddenException(403, code, method, path, detail, null);
	}

	static Duration retryAfter(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
		}
		catch (NumberFormatException ex) {
			// An HTTP-date is legal too; we do not trust clocks across hosts, so fall back to back-off.
			return null;
		}
	}

	private JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return this.json.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String detail(JsonNode node, String body) {
		if (node == null || !node.isObject()) {
			return (body == null || body.isBlank()) ? "(empty body)" : truncate(body.strip());
		}
		String detail = text(node, "detail");
		if (detail != null) {
			return truncate(detail);
		}
		return truncate(String.join("; ", fieldMessages(node)));
	}

	/** A 400 field map {@code {"field": ["message", ...]}} as "field: message" lines. */
	private static List<String> fieldMessages(JsonNode node) {
		List<String> messages = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			JsonNode value = field.getValue();
			if (value.isArray()) {
				value.forEach((item) -> messages.add(field.getKey() + ": " + item.asString()));
			}
			else {
				messages.add(field.getKey() + ": " + value.asString());
			}
		}
		return messages;
	}

	private static String text(JsonNode node, String field) {
		if (node == null || !node.isObject()) {
			return null;
		}
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_DETAIL) ? text : text.substring(0, MAX_DETAIL) + "...";
	}

}
