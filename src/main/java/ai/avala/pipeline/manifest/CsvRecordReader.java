package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: quoted fields, {@code ""} inside quotes, line breaks inside quotes, CRLF
 * or LF line ends, a leading byte order mark. Holds one record at a time. Blank lines are skipped.
 */
final class CsvRecordReader implements AutoCloseable {

	private static final int EOF = -1;

	/** No legitimate path or name comes near this; a longer field means a quote was never closed. */
	static final int MAX_FIELD_CHARS = 65_536;

	private final Reader in;

	private final Path file;

	private final char[] buffer = new char[8192];

	private final StringBuilder field = new StringBuilder();

	private int position;

	private int limit;

	private long line = 1;

	private long recordLine;

	private List<String> columnNames = List.of();

	CsvRecordReader(Reader in, Path file) throws IOException {
		this.in = in;
		this.file = file;
		if (peek() == '\uFEFF') {
			read();
		}
	}

	/** Name the columns, so that errors in later records say which column is at fault. */
	void columnNames(List<String> names) {
		this.columnNames = List.copyOf(names);
	}

	/** The line on which the record last returned by {@link #next()} starts. */
	long recordLine() {
		return this.recordLine;
	}

	/** The next non-blank record, or null at the end of the input. */
	List<String> next() throws IOException, ManifestSyntaxException {
		List<String> record = readRecord();
		while (record != null && isBlank(record)) {
			record = readRecord();
		}
		return record;
	}

	/** The name of a 1-based column, or null when it lies beyond the header. */
	String columnName(long column) {
		return (column >= 1 && column <= this.columnNames.size()) ? this.columnNames.get((int) column - 1) : null;
	}

	ManifestSyntaxException syntaxError(long atLine, long column, String problem) {
		String name = columnName(column);
		String where = "column " + column + ((name != null) ? " (" + name + ")" : "");
		return new ManifestSyntaxException(this.file, atLine, column, name, where + ": " + problem);
	}

	@Override
	public void close() {
		try {
			this.in.close();
		}
		catch (IOException ex) {
			// Nothing was written, so a failed close loses nothing.
		}
	}

	private static boolean isBlank(List<String> record) {
		return record.size() == 1 && record.get(0).isBlank();
	}

	private List<String> readRecord() throws IOException, ManifestSyntaxException {
		if (peek() == EOF) {
			return null;
		}
		this.recordLine = this.line;
		List<String> record = new ArrayList<>();
		int end = ',';
		while (end == ',') {
			end = readField(record.size() + 1);
			record.add(this.field.toString());
		}
		return record;
	}

	/** Read one field into {@link #field}; returns what ended it: ',', '\n' or EOF. */
	private int readField(int column) throws IOException, ManifestSyntaxException {
		this.field.setLength(0);
		if (peek() == '"') {
			read();
			return readQuoted(column);
		}
		while (true) {
			int c = read();
			if (c == ',' || c == '\n' || c == EOF) {
				return c;
			}
			if (c == '"') {
				throw syntaxError(this.line, column,
						"a quote inside an unquoted field; quote the whole field and double inner quotes (\"\")");
			}
			append(c, column);
		}
	}

	private int readQuoted(int column) throws IOException, ManifestSyntaxException {
		long openedOn = this.line;
		while (true) {
			int c = read();
			if (c == EOF) {
				throw syntaxError(openedOn, column, "the quoted field opened on line " + openedOn + " is never closed");
			}
			if (c == '"' && peek() != '"') {
				return afterClosingQuote(column);
			}
			if (c == '"') {
				read();
			}
			append(c, column);
		}
	}

	private int afterClosingQuote(int column) throws IOException, ManifestSyntaxException {
		int c = read();
		if (c == ',' || c == '\n' || c == EOF) {
			return c;
		}
		throw syntaxError(this.line, column,
				"unexpected '" + (char) c + "' after a closing quote; a quoted field must end at a ',' or a line end");
	}

	private void append(int c, int column) throws ManifestSyntaxException {
		if (this.field.length() >= MAX_FIELD_CHARS) {
			throw syntaxError(this.recordLine, column, "a field is longer than " + MAX_FIELD_CHARS
					+ " characters; look for a quote that is never closed");
		}
		this.field.append((char) c);
	}

	/** The next character with CRLF and a lone CR folded into '\n', counting lines. */
	private int read() throws IOException {
		int c = peek();
		if (c == EOF) {
			return EOF;
		}
		this.position++;
		if (c == '\r') {
			if (peek() == '\n') {
				this.position++;
			}
			c = '\n';
		}
		if (c == '\n') {
			this.line++;
		}
		return c;
	}

	private int peek() throws IOException {
		if (this.position == this.limit) {
			this.limit = Math.max(this.in.read(this.buffer), 0);
			this.position = 0;
			if (this.limit == 0) {
				return EOF;
			}
		}
		return this.buffer[this.position];
	}

}
