package ai.avala.pipeline.manifest;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses one JSON Lines record, {@code {"path": "...", "size": 123, "sha256": "...", "name": "..."}}, with
 * the streaming parser so that every error carries the column Jackson reports.
 */
final class JsonLineParser {

	private static final Set<String> KEYS = Set.of("path", "size", "sha256", "md5", "name");

	private final Path manifest;

	private final EntryFactory entries;

	JsonLineParser(Path manifest, EntryFactory entries) {
		this.manifest = manifest;
		this.entries = entries;
	}

	ManifestEntry parse(String text, long line) throws ManifestSyntaxException {
		try (JsonParser parser = JsonMapper.shared().createParser(text)) {
			Record record = readObject(parser, line);
			Path file = this.entries.resolve(record.path, line, record.pathColumn, "path");
			return this.entries.create(line, file, record.size, record.sha256, record.md5, record.name);
		}
		catch (JacksonException ex) {
			long column = (ex.getLocation() != null) ? ex.getLocation().getColumnNr() : 0;
			throw new ManifestSyntaxException(this.manifest, line, column, null,
					"invalid JSON: " + ex.getOriginalMessage().replace('\n', ' '), ex);
		}
	}

	private Record readObject(JsonParser parser, long line) throws ManifestSyntaxException {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw error(parser, line, null, "expected a JSON object such as {\"path\": \"a.jpg\", \"size\": 12}");
		}
		Record record = new Record();
		Set<String> seen = new HashSet<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String key = parser.currentName();
			checkKey(parser, line, key, seen);
			parser.nextToken();
			readValue(parser, line, key, record);
		}
		if (parser.nextToken() != null) {
			throw error(parser, line, null, "unexpected content after the object; put one object on each line");
		}
		requireKeys(parser, line, record);
		return record;
	}

	private void checkKey(JsonParser parser, long line, String key, Set<String> seen)
			throws ManifestSyntaxException {
		if (!KEYS.contains(key)) {
			throw error(parser, line, key, "unknown key '" + key + "'; the keys are path, size, sha256, md5 and name");
		}
		if (!seen.add(key)) {
			throw error(parser, line, key, "key '" + key + "' appears twice");
		}
	}

	private void readValue(JsonParser parser, long line, String key, Record record) throws ManifestSyntaxException {
		switch (key) {
			case "path" -> {
				record.pathColumn = parser.currentTokenLocation().getColumnNr();
				record.path = string(parser, line, key, true);
			}
			case "size" -> record.size = integer(parser, line);
			case "sha256" -> record.sha256 = string(parser, line, key, false);
			case "md5" -> record.md5 = string(parser, line, key, false);
			default -> record.name = string(parser, line, key, false);
		}
	}

	private String string(JsonParser parser, long line, String key, boolean required) throws ManifestSyntaxException {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL && !required) {
			return null;
		}
		if (token != JsonToken.VALUE_STRING) {
			throw error(parser, line, key, key + " must be a string, not " + describe(token));
		}
		return parser.getString();
	}

	private Long integer(JsonParser parser, long line) throws ManifestSyntaxException {
		JsonToken token = parser.currentToken();
		if (token != JsonToken.VALUE_NUMBER_INT) {
			throw error(parser, line, "size", "size must be an integer number of bytes, not " + describe(token));
		}
		return parser.getLongValue();
	}

	private void requireKeys(JsonParser parser, long line, Record record) throws ManifestSyntaxException {
		String missing = (record.path == null) ? "path" : (record.size == null) ? "size" : null;
		if (missing != null) {
			throw new ManifestSyntaxException(this.manifest, line, 1, missing,
					"the object has no '" + missing + "' key; every entry needs path and size");
		}
	}

	private ManifestSyntaxException error(JsonParser parser, long line, String key, String problem) {
		return new ManifestSyntaxException(this.manifest, line, parser.currentTokenLocation().getColumnNr(), key,
				problem);
	}

	private static String describe(JsonToken token) {
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT -> "a number";
			case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> String.valueOf(token);
		};
	}

	/** The raw values of one record, before they are checked. */
	private static final class Record {

		private String path;

		private long pathColumn;

		private Long size;

		private String sha256;

		private String md5;

		private String name;

	}

}
