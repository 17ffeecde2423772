package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's one JSON mapper and the small readers its handlers share. Responses are built as
 * ordered maps so field order matches the contract's examples.
 */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static byte[] bytes(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	static JsonNode read(InputStream in) throws IOException {
		try {
			JsonNode node = MAPPER.readTree(in);
			return (node == null || node.isMissingNode()) ? MAPPER.createObjectNode() : node;
		}
		catch (JacksonException ex) {
			throw ApiException.badRequest("JSON parse error - " + ex.getOriginalMessage());
		}
	}

	/** Builds an ordered map from alternating keys and values. */
	static Map<String, Object> obj(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	static String time(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MILLIS).toString() : null;
	}

	/** A string field or {@code null} when absent, null or not a string. */
	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/** A required non-blank string field, else a 400 field map naming it. */
	static String requiredText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw ApiException.field(field, "This field is required.");
		}
		if (!value.isString()) {
			throw ApiException.field(field, "Not a valid string.");
		}
		if (value.stringValue().isBlank()) {
			throw ApiException.field(field, "This field may not be blank.");
		}
		return value.stringValue();
	}

	/** A list of strings, or an empty list when absent. */
	static List<String> texts(JsonNode node, String field) {
		JsonNode value = node.get(field);
		List<String> result = new ArrayList<>();
		if (value == null || value.isNull()) {
			return result;
		}
		if (!value.isArray()) {
			throw ApiException.field(field, "Expected a list of items.");
		}
		for (JsonNode item : value.values()) {
			if (!item.isString()) {
				throw ApiException.field(field, "Expected a list of strings.");
			}
			result.add(item.stringValue());
		}
		return result;
	}

}
