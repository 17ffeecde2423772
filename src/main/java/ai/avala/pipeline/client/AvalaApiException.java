package ai.avala.pipeline.client;

/**
 * A call to the Avala API that failed. Carries what a user needs to act on it: the HTTP status, the Avala
 * error {@code code} (when the service sent one) and the request (method and path, never headers, so the
 * API key cannot leak through a message). Subclasses exist for each failure a user acts on differently.
 */
public abstract class AvalaApiException extends RuntimeException {

	private final int status;

	private final String code;

	private final String method;

	private final String path;

	private final String detail;

	protected AvalaApiException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(format(status, code, method, path, detail), cause);
		this.status = status;
		this.code = code;
		this.method = method;
		this.path = path;
		this.detail = detail;
	}

	private static String format(int status, String code, String method, String path, String detail) {
		String statusText = (status > 0) ? "HTTP " + status : "no HTTP answer";
		String codeText = (code != null) ? ", code " + code : "";
		return "Avala API " + method + " " + path + " failed (" + statusText + codeText + "): " + detail;
	}

	/** The HTTP status, or 0 when no answer arrived (connection fault, timeout). */
	public int status() {
		return this.status;
	}

	/** The Avala error code ({@code scope_required}, {@code plan_insufficient}, ...), or null. */
	public String code() {
		return this.code;
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

	public String detail() {
		return this.detail;
	}

	/** Whether sending the same request again may succeed (5xx, 429, connection faults). */
	public abstract boolean transientFailure();

}
