package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A streaming {@code multipart/form-data} reader: part bodies are exposed as streams that end at
 * the next boundary, so a large file part is never buffered whole.
 */
final class MultipartReader {

	private static final int BUFFER = 64 * 1024;

	private final InputStream in;

	private final byte[] delimiter;

	private final byte[] buf;

	private int pos;

	private int lim;

	private boolean eof;

	private boolean finished;

	/** The part being read; {@code null} before the first, when the preamble is still ahead. */
	private PartStream current;

	MultipartReader(InputStream in, String boundary) {
		this.in = in;
		this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		this.buf = new byte[BUFFER + delimiter.length];
		// the body starts with "--boundary", not "\r\n--boundary": pretend the CRLF was there
		buf[0] = '\r';
		buf[1] = '\n';
		lim = 2;
	}

	/** The boundary parameter of a multipart Content-Type, or {@code null}. */
	static String boundary(String contentType) {
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			return null;
		}
		for (String param : contentType.split(";")) {
			String trimmed = param.trim();
			if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
				String value = trimmed.substring("boundary=".length());
				return (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1)
						? value.substring(1, value.length() - 1) : value;
			}
		}
		return null;
	}

	/** One part's headers; read its body from {@link #body()} before asking for the next part. */
	record Part(String name, String filename, InputStream body) {
	}

	/** The next part, or {@code null} after the closing boundary. */
	Part next() throws IOException {
		if (finished) {
			return null;
		}
		drain((current != null) ? current : new PartStream());
		fill(2);
		if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
			finished = true;
			return null;
		}
		readLine(); // rest of the boundary line
		String name = null;
		String filename = null;
		String line;
		while (!(line = readLine()).isEmpty()) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
				name = param(line, "name");
				filename = param(line, "filename");
			}
		}
		current = new PartStream();
		return new Part(name, filename, current);
	}

	private static String param(String header, String key) {
		for (String piece : header.split(";")) {
			String trimmed = piece.trim();
			if (trimmed.startsWith(key + "=")) {
				String value = trimmed.substring(key.length() + 1);
				return value.startsWith("\"") ? value.substring(1, Math.max(1, value.length() - 1)) : value;
			}
		}
		return null;
	}

	/** Skips what is left of a part (or the preamble), up to and including its delimiter. */
	private static void drain(PartStream part) throws IOException {
		byte[] scratch = new byte[8192];
		while (part.read(scratch, 0, scratch.length) != -1) {
			// discard unread part bytes
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			fill(1);
			if (pos >= lim) {
				throw new IOException("multipart body ended inside part headers");
			}
			byte b = buf[pos++];
			if (b == '\n') {
				int length = line.length();
				return (length > 0 && line.charAt(length - 1) == '\r') ? line.substring(0, length - 1) : line.toString();
			}
			if (line.length() > 16 * 1024) {
				throw new IOException("multipart header line too long");
			}
			line.append((char) (b & 0xff));
		}
	}

	/** Ensures at least {@code wanted} bytes are buffered unless the input ended. */
	private void fill(int wanted) throws IOException {
		if (lim - pos >= wanted || eof) {
			return;
		}
		System.arraycopy(buf, pos, buf, 0, lim - pos);
		lim -= pos;
		pos = 0;
		while (lim < wanted && !eof) {
			int n = in.read(buf, lim, buf.length - lim);
			if (n == -1) {
				eof = true;
			}
			else {
				lim += n;
			}
		}
	}

	private int indexOfDelimiter() {
		int last = lim - delimiter.length;
		outer: for (int i = pos; i <= last; i++) {
			if (buf[i] != '\r') {
				continue;
			}
			for (int j = 1; j < delimiter.length; j++) {
				if (buf[i + j] != delimiter[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** Body of the current part: ends where the next delimiter starts. */
	private final class PartStream extends InputStream {

		private boolean done;

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (done) {
				return -1;
			}
			if (lim - pos < delimiter.length + 1024) {
				fill(buf.length);
			}
			int at = indexOfDelimiter();
			int available;
			if (at == pos) {
				pos += delimiter.length;
				done = true;
				return -1;
			}
			if (at >= 0) {
				available = at - pos;
			}
			else if (eof) {
				if (lim == pos) {
					throw new IOException("multipart body ended without a closing boundary");
				}
				available = lim - pos;
			}
			else {
				available = Math.max(1, lim - pos - (delimiter.length - 1));
			}
			int n = Math.min(len, available);
			System.arraycopy(buf, pos, b, off, n);
			pos += n;
			return n;
		}

	}

}
