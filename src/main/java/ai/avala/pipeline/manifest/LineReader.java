package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * Reads lines (LF or CRLF) with a bounded length, skipping a leading byte order mark. The bound keeps a
 * corrupt file with no line breaks from being read into memory whole.
 */
final class LineReader implements AutoCloseable {

	static final int MAX_LINE_CHARS = 1 << 20;

	private final Reader in;

	private final Path file;

	private final char[] buffer = new char[8192];

	private final StringBuilder text = new StringBuilder();

	private int position;

	private int limit;

	private long lineNumber;

	private boolean firstLine = true;

	LineReader(Reader in, Path file) {
		this.in = in;
		this.file = file;
	}

	/** The next line without its line end, or null at the end of the input. */
	String next() throws IOException, ManifestSyntaxException {
		this.text.setLength(0);
		int c = read();
		if (c < 0) {
			return null;
		}
		this.lineNumber++;
		while (c >= 0 && c != '\n') {
			append((char) c);
			c = read();
		}
		return stripLineEnd();
	}

	/** The 1-based number of the line last returned. */
	long lineNumber() {
		return this.lineNumber;
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

	private void append(char c) throws ManifestSyntaxException {
		if (this.text.length() >= MAX_LINE_CHARS) {
			throw new ManifestSyntaxException(this.file, this.lineNumber, MAX_LINE_CHARS, null,
					"the line is longer than " + MAX_LINE_CHARS + " characters; put one JSON object on each line");
		}
		this.text.append(c);
	}

	private String stripLineEnd() {
		int length = this.text.length();
		if (length > 0 && this.text.charAt(length - 1) == '\r') {
			this.text.setLength(length - 1);
		}
		if (this.firstLine && this.text.length() > 0 && this.text.charAt(0) == '\uFEFF') {
			this.text.deleteCharAt(0);
		}
		this.firstLine = false;
		return this.text.toString();
	}

	private int read() throws IOException {
		if (this.position == this.limit) {
			this.limit = Math.max(this.in.read(this.buffer), 0);
			this.position = 0;
			if (this.limit == 0) {
				return -1;
			}
		}
		return this.buffer[this.position++];
	}

}
