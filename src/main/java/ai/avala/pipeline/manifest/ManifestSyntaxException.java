package ai.avala.pipeline.manifest;

import java.nio.file.Path;

/**
 * A manifest line that cannot be parsed: bad CSV quoting, a wrong number of fields, a size that is not an
 * integer, invalid JSON or a JSON value of the wrong type. Reading stops at such a line, because the
 * lines after it cannot be trusted (a broken quote shifts every field that follows).
 * <p>
 * The column is the 1-based field number for CSV and the 1-based character column reported by Jackson
 * for JSON Lines; the field is the CSV header name or the JSON key, when known.
 */
public class ManifestSyntaxException extends ManifestException {

	private final Path file;

	private final long line;

	private final long column;

	private final String field;

	public ManifestSyntaxException(Path file, long line, long column, String field, String problem) {
		this(file, line, column, field, problem, null);
	}

	public ManifestSyntaxException(Path file, long line, long column, String field, String problem,
			Throwable cause) {
		super(OneLine.of(file + ":" + line + ":" + column + ": " + problem)
				+ "; reading stopped at this line because the rest of the manifest cannot be trusted:"
				+ " fix it and run again", cause);
		this.file = file;
		this.line = line;
		this.column = column;
		this.field = field;
	}

	public Path file() {
		return this.file;
	}

	/** The 1-based line where the broken record starts. */
	public long line() {
		return this.line;
	}

	/** The 1-based column: field number for CSV, character column for JSON Lines; 0 when unknown. */
	public long column() {
		return this.column;
	}

	/** The CSV header name or JSON key at fault, or null when the fault is not in one field. */
	public String field() {
		return this.field;
	}

}
