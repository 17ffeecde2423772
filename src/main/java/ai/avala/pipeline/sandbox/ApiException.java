package ai.avala.pipeline.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API error answer thrown from deep inside a handler; the router turns it into the response.
 * No stack trace: these are expected outcomes, thrown often under load.
 */
final class ApiException extends RuntimeException {

	private final int status;

	private final Map<String, Object> body;

	private final Map<String, String> headers = new LinkedHashMap<>();

	ApiException(int status, Map<String, Object> body) {
		super(String.valueOf(body), null, false, false);
		this.status = status;
		this.body = body;
	}

	static ApiException detail(int status, String detail) {
		return new ApiException(status, Json.obj("detail", detail));
	}

	static ApiException badRequest(String detail) {
		return detail(400, detail);
	}

	static ApiException notFound() {
		return detail(404, "Not found.");
	}

	static ApiException field(String field, String... messages) {
		return new ApiException(400, Json.obj(field, List.of(messages)));
	}

	ApiException header(String name, String value) {
		headers.put(name, value);
		return this;
	}

	int status() {
		return status;
	}

	Reply toReply() {
		Reply reply = Reply.json(status, body);
		headers.forEach(reply::header);
		return reply;
	}

}
