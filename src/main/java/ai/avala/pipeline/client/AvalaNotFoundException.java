package ai.avala.pipeline.client;

/**
 * 404: a UID the run refers to does not exist (or is not visible to this key).
 */
public class AvalaNotFoundException extends AvalaApiException {

	public AvalaNotFoundException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(status, code, method, path, detail, cause);
	}

	@Override
	public boolean transientFailure() {
		return false;
	}

}
