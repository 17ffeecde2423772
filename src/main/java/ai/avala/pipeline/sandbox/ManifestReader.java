package ai.avala.pipeline.sandbox;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a manual-upload body with Jackson's streaming parser, so a million-entry manifest never
 * becomes a million tree nodes, and collects every rule violation into the contract's field map.
 */
final class ManifestReader {

	static final Set<String> DATA_TYPES = Set.of("images", "image", "video", "lidar", "mcap", "splat");

	/** Enough to fix a bad manifest without a megabyte error body. */
	private static final int MAX_FILE_ERRORS = 100;

	private final Map<String, List<String>> errors = new LinkedHashMap<>();

	private final List<String> names = new ArrayList<>();

	private long[] sizes = new long[64];

	private boolean hasFiles;

	private String name;

	private String slug;

	private String dataType;

	private String visibility;

	static ManifestRequest read(InputStream body) {
		return new ManifestReader().parse(body);
	}

	private ManifestRequest parse(InputStream body) {
		try (JsonParser parser = Json.MAPPER.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw ApiException.badRequest("JSON parse error - expected an object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String property = parser.currentName();
				parser.nextToken();
				readProperty(parser, property);
			}
		}
		catch (JacksonException ex) {
			throw ApiException.badRequest("JSON parse error - " + ex.getOriginalMessage());
		}
		return validated();
	}

	private void readProperty(JsonParser parser, String property) {
		switch (property) {
			case "name" -> name = scalar(parser, "name");
			case "slug" -> slug = scalar(parser, "slug");
			case "data_type" -> dataType = scalar(parser, "data_type");
			case "visibility" -> visibility = scalar(parser, "visibility");
			case "files" -> readFiles(parser);
			default -> parser.skipChildren();
		}
	}

	private String scalar(JsonParser parser, String field) {
		if (parser.currentToken() == JsonToken.VALUE_NULL) {
			return null;
		}
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			parser.skipChildren();
			error(field, "Not a valid string.");
			return null;
		}
		return parser.getString();
	}

	private void readFiles(JsonParser parser) {
		hasFiles = true;
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			parser.skipChildren();
			error("files", "Expected a list of items.");
			return;
		}
		int index = 0;
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			readFile(parser, index++);
		}
	}

	private void readFile(JsonParser parser, int index) {
		String prefix = "files[" + index + "]";
		String fileName = null;
		Long size = null;
		boolean sizeSeen = false;
		if (parser.currentToken() != JsonToken.START_OBJECT) {
			parser.skipChildren();
			fileError(prefix + ": must be an object with name and size");
		}
		else {
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String property = parser.currentName();
				JsonToken token = parser.nextToken();
				if (property.equals("name")) {
					fileName = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
					if (fileName == null) {
						fileError(prefix + ".name: must be a string");
					}
				}
				else if (property.equals("size")) {
					sizeSeen = true;
					size = readSize(parser, token, prefix);
				}
				else {
					parser.skipChildren();
				}
			}
			checkFile(prefix, fileName, size, sizeSeen);
		}
		add(fileName, size);
	}

	/** The size, or {@code null} when it is not an integer (already reported). */
	private Long readSize(JsonParser parser, JsonToken token, String prefix) {
		if (token != JsonToken.VALUE_NUMBER_INT) {
			parser.skipChildren();
			fileError(prefix + ".size: must be an integer >= 0");
			return null;
		}
		if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
			return Long.MAX_VALUE;
		}
		return parser.getLongValue();
	}

	private void checkFile(String prefix, String fileName, Long size, boolean sizeSeen) {
		if (fileName != null) {
			String problem = FileNames.problem(fileName);
			if (problem != null) {
				fileError(prefix + ".name: " + problem);
			}
		}
		else if (!hasError(prefix + ".name")) {
			fileError(prefix + ".name: this field is required");
		}
		if (!sizeSeen) {
			fileError(prefix + ".size: this field is required");
		}
		else if (size != null && FileNames.sizeProblem(size) != null) {
			fileError(prefix + ".size: " + FileNames.sizeProblem(size));
		}
	}

	private void add(String fileName, Long size) {
		int index = names.size();
		names.add(fileName);
		if (index == sizes.length) {
			sizes = Arrays.copyOf(sizes, index * 2);
		}
		sizes[index] = (size != null) ? size : -1;
	}

	private ManifestRequest validated() {
		if (name == null || name.isBlank()) {
			if (!errors.containsKey("name")) {
				error("name", "This field is required.");
			}
		}
		if (dataType == null) {
			error("data_type", "This field is required.");
		}
		else if (!DATA_TYPES.contains(dataType)) {
			error("data_type", "\"" + dataType + "\" is not a valid choice.");
		}
		String[] fileNames = hasFiles ? names.toArray(new String[0]) : null;
		if (fileNames != null) {
			checkDuplicates(fileNames);
		}
		if (!errors.isEmpty()) {
			throw new ApiException(400, new LinkedHashMap<>(errors));
		}
		return new ManifestRequest(name, slug, dataType, visibility, fileNames,
				hasFiles ? Arrays.copyOf(sizes, names.size()) : null);
	}

	private void checkDuplicates(String[] fileNames) {
		if (names.contains(null)) {
			return; // a missing name is already reported; duplicates can wait for the next attempt
		}
		int[] order = FileTable.sortedIndex(fileNames);
		for (int i = 1; i < order.length; i++) {
			int first = Math.min(order[i - 1], order[i]);
			int second = Math.max(order[i - 1], order[i]);
			if (fileNames[first].equals(fileNames[second])) {
				fileError("files[" + second + "].name: duplicate of files[" + first + "].name");
			}
		}
	}

	private boolean hasError(String prefix) {
		List<String> fileErrors = errors.get("files");
		return fileErrors != null && fileErrors.stream().anyMatch((message) -> message.startsWith(prefix));
	}

	private void fileError(String message) {
		List<String> fileErrors = errors.computeIfAbsent("files", (k) -> new ArrayList<>());
		if (fileErrors.size() < MAX_FILE_ERRORS) {
			fileErrors.add(message);
		}
	}

	private void error(String field, String message) {
		errors.computeIfAbsent(field, (k) -> new ArrayList<>()).add(message);
	}

}
