package ai.avala.pipeline.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each known column sits in a CSV manifest. {@code path} and {@code size} are required,
 * {@code sha256}, {@code md5} and {@code name} optional, in any order; any other column is refused so that a typo
 * ("sha-256", "filename") cannot silently drop data.
 */
final class CsvHeader {

	static final List<String> COLUMNS = List.of("path", "size", "sha256", "md5", "name");

	private final List<String> names;

	private final int[] index = new int[COLUMNS.size()];

	private CsvHeader(List<String> names) {
		this.names = names;
		for (int column = 0; column < COLUMNS.size(); column++) {
			this.index[column] = names.indexOf(COLUMNS.get(column));
		}
	}

	static CsvHeader parse(List<String> fields, CsvRecordReader reader) throws ManifestSyntaxException {
		List<String> names = new ArrayList<>();
		for (String field : fields) {
			String name = field.trim();
			if (!COLUMNS.contains(name)) {
				throw reader.syntaxError(reader.recordLine(), names.size() + 1,
						"unknown column '" + name + "' in the header; the columns are path, size, sha256, md5 and name");
			}
			if (names.contains(name)) {
				throw reader.syntaxError(reader.recordLine(), names.size() + 1,
						"column '" + name + "' appears twice in the header");
			}
			names.add(name);
		}
		requireColumns(names, reader);
		return new CsvHeader(names);
	}

	private static void requireColumns(List<String> names, CsvRecordReader reader) throws ManifestSyntaxException {
		for (String required : List.of("path", "size")) {
			if (!names.contains(required)) {
				throw reader.syntaxError(reader.recordLine(), names.size() + 1, "the header has no '" + required
						+ "' column; it must name path and size (sha256, md5 and name are optional)");
			}
		}
	}

	List<String> names() {
		return this.names;
	}

	int size() {
		return this.names.size();
	}

	/** The 0-based position of a known column, or -1 when the header lacks it. */
	int indexOf(String column) {
		return this.index[COLUMNS.indexOf(column)];
	}

	/** The value of a column in a record, or null when the header lacks the column. */
	String value(List<String> record, String column) {
		int at = indexOf(column);
		return (at < 0) ? null : record.get(at);
	}

}
