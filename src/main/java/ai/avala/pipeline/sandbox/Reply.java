package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * A response decided but not yet sent. Handlers return one instead of writing, so a fault can
 * still replace it after the side effect happened; huge bodies are written by a streaming writer.
 */
final class Reply {

	/** Writes a body too large to hold in memory. */
	interface BodyWriter {

		void writeTo(OutputStream out) throws IOException;

	}

	private final int status;

	private final String contentType;

	private final byte[] body;

	private final BodyWriter writer;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private Reply(int status, String contentType, byte[] body, BodyWriter writer) {
		this.status = status;
		this.contentType = contentType;
		this.body = body;
		this.writer = writer;
	}

	static Reply json(int status, Object value) {
		return new Reply(status, "application/json", Json.bytes(value), null);
	}

	static Reply bytes(int status, String contentType, byte[] body) {
		return new Reply(status, contentType, body, null);
	}

	static Reply stream(int status, String contentType, BodyWriter writer) {
		return new Reply(status, contentType, null, writer);
	}

	static Reply empty(int status) {
		return new Reply(status, null, null, null);
	}

	Reply header(String name, String value) {
		headers.put(name, value);
		return this;
	}

	int status() {
		return status;
	}

	/** The body of a reply built from bytes, or null. */
	byte[] body() {
		return body;
	}

	/**
	 * Hears the status of the reply sent on the current handler thread (the request log). Not an exchange
	 * attribute: on JDK 17 those live in the HttpContext, shared by every exchange in flight, so concurrent
	 * requests recorded each other's statuses.
	 */
	static final ThreadLocal<java.util.function.IntConsumer> STATUS_LISTENER = new ThreadLocal<>();

	/** Sends this reply; the caller closes the exchange. */
	void send(HttpExchange exchange) throws IOException {
		java.util.function.IntConsumer listener = STATUS_LISTENER.get();
		if (listener != null) {
			listener.accept(status);
		}
		headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		if (contentType != null) {
			exchange.getResponseHeaders().set("Content-Type", contentType);
		}
		if (writer != null) {
			exchange.sendResponseHeaders(status, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				writer.writeTo(out);
			}
			return;
		}
		boolean noBody = body == null || body.length == 0;
		exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
		if (!noBody) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
