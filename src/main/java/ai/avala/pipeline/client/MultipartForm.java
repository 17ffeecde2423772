package ai.avala.pipeline.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The framing of a {@code multipart/form-data} upload around one file: every form field, then the file as the
 * part named {@code file}. Built before the body is sent so that the exact {@code Content-Length} is known
 * (storage refuses a chunked body) while the file itself is streamed between {@link #prefix()} and
 * {@link #suffix()}, never held in memory.
 *
 * @param boundary the part delimiter: random, so no file or field can contain it by accident
 * @param prefix the fields and the file part's headers
 * @param suffix the end of the file part and the closing delimiter
 */
record MultipartForm(String boundary, byte[] prefix, byte[] suffix) {

	private static final String CRLF = "\r\n";

	/** The fields in the given order (a presign answer's order), then the file under {@code filename}. */
	static MultipartForm of(Map<String, String> fields, String filename) {
		String boundary = "avala-" + UUID.randomUUID().toString().replace("-", "");
		ByteArrayOutputStream prefix = new ByteArrayOutputStream();
		if (fields != null) {
			fields.forEach((name, value) -> write(prefix, "--" + boundary + CRLF
					+ "Content-Disposition: form-data; name=\"" + quoted(name) + "\"" + CRLF + CRLF + value + CRLF));
		}
		write(prefix, "--" + boundary + CRLF + "Content-Disposition: form-data; name=\"file\"; filename=\""
				+ quoted(filename) + "\"" + CRLF + "Content-Type: application/octet-stream" + CRLF + CRLF);
		byte[] suffix = (CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.UTF_8);
		return new MultipartForm(boundary, prefix.toByteArray(), suffix);
	}

	/**
	 * Exactly {@code multipart/form-data; boundary=...}: some stores (S3Proxy) match this prefix literally and
	 * take the rest of the header as the boundary, so no other parameter and no quotes.
	 */
	String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	long contentLength(long fileSize) {
		return this.prefix.length + fileSize + this.suffix.length;
	}

	/** A quoted-string inside a header, escaped as browsers do (HTML's form encoding): no quote, no line break. */
	private static String quoted(String text) {
		return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
