package ai.avala.pipeline.client;

/**
 * 403 for a reason other than scope or plan (for example a collection ordinary keys may not list).
 */
public class AvalaForbiddenException extends AvalaApiException {

	public AvalaForbiddenException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(status, code, method, path, detail, cause);
	}

	@Override
	public boolean transientFailure() {
		return false;
	}

}
