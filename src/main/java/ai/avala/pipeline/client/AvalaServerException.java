package ai.avala.pipeline.client;

/**
 * 5xx: the service failed; the same request may succeed later.
 */
public class AvalaServerException extends AvalaApiException {

	public AvalaServerException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(status, code, method, path, detail, cause);
	}

	@Override
	public boolean transientFailure() {
		return true;
	}

}
