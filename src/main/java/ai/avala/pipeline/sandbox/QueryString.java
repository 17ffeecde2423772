package ai.avala.pipeline.sandbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A decoded query string, first value per name wins.
 */
final class QueryString {

	private final Map<String, String> values;

	private QueryString(Map<String, String> values) {
		this.values = values;
	}

	static QueryString parse(String rawQuery) {
		Map<String, String> values = new LinkedHashMap<>();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				int eq = pair.indexOf('=');
				String name = decode((eq < 0) ? pair : pair.substring(0, eq));
				String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
				values.putIfAbsent(name, value);
			}
		}
		return new QueryString(values);
	}

	String get(String name) {
		return values.get(name);
	}

	Map<String, String> asMap() {
		return new LinkedHashMap<>(values);
	}

	static String encode(Map<String, String> values) {
		StringJoiner joiner = new StringJoiner("&");
		values.forEach((name, value) -> joiner.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return joiner.toString();
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
