package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cursor pagination as the contract describes it: {@code limit} (default 100), an opaque
 * {@code cursor}, and absolute {@code next}/{@code previous} URLs that keep the filters.
 */
final class Pages {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	private Pages() {
	}

	static <T> Reply page(ApiCall call, List<T> items, Function<T, Object> render) {
		int limit = limit(call.query.get("limit"));
		int offset = offset(call.query.get("cursor"));
		int end = Math.min(items.size(), offset + limit);
		List<Object> results = items.subList(Math.min(offset, items.size()), end).stream().map(render).toList();
		String next = (end < items.size()) ? link(call, end) : null;
		String previous = (offset > 0) ? link(call, Math.max(0, offset - limit)) : null;
		return Reply.json(200, Json.obj("next", next, "previous", previous, "results", results));
	}

	private static int limit(String text) {
		if (text == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(text);
			if (limit >= 1) {
				return Math.min(limit, MAX_LIMIT);
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the error
		}
		throw ApiException.field("limit", "A valid positive integer is required.");
	}

	private static int offset(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return 0;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (decoded.startsWith("o=")) {
				return Math.max(0, Integer.parseInt(decoded.substring(2)));
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through to the error
		}
		throw ApiException.detail(404, "Invalid cursor");
	}

	private static String link(ApiCall call, int offset) {
		Map<String, String> query = call.query.asMap();
		query.put("cursor", Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("o=" + offset).getBytes(StandardCharsets.UTF_8)));
		return call.context.apiBase() + call.path + "?" + QueryString.encode(query);
	}

}
