package ai.avala.pipeline.client;

/**
 * A transfer to or from a storage URL (presigned upload, export download) failed. Names the host and path
 * only: the query of a presigned URL is itself a credential and must not be logged.
 */
public class StorageException extends RuntimeException {

	private final int status;

	private final String storageCode;

	public StorageException(int status, String storageCode, String where, String detail, Throwable cause) {
		super("storage " + where + " failed (" + ((status > 0) ? "HTTP " + status : "no HTTP answer")
				+ ((storageCode != null) ? ", " + storageCode : "") + "): " + detail, cause);
		this.status = status;
		this.storageCode = storageCode;
	}

	public int status() {
		return this.status;
	}

	/** The S3-style error code ({@code AccessDenied}, {@code BadDigest}, ...), or null. */
	public String storageCode() {
		return this.storageCode;
	}

	/** The presigned URL is past its lifetime: get a fresh one rather than retrying this one. */
	public boolean urlExpired() {
		return this.status == 403 && "AccessDenied".equals(this.storageCode)
				&& getMessage().toLowerCase(java.util.Locale.ROOT).contains("expired");
	}

	/**
	 * Storage refused how the body was framed, not what it held: 411 {@code MissingContentLength} (S3-compatible
	 * stores) or 501 {@code NotImplemented} (S3, naming the {@code Transfer-Encoding} header). The same request
	 * is refused the same way every time, so it is never retried.
	 */
	public boolean bodyFramingRefused() {
		return this.status == 411 || this.status == 501;
	}

	public boolean transientFailure() {
		if (bodyFramingRefused()) {
			return false;
		}
		// S3 answers 400 RequestTimeout when the socket idled mid-body: the request was fine, the transfer slow.
		return this.status == 0 || this.status >= 500 || this.status == 429 || this.status == 408
				|| (this.status == 400 && "RequestTimeout".equals(this.storageCode));
	}

}
