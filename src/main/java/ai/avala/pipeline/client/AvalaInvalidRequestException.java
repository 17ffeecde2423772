package ai.avala.pipeline.client;

/**
 * 400: the request was refused as invalid, or the resource is in a state that does not allow it.
 */
public class AvalaInvalidRequestException extends AvalaApiException {

	public AvalaInvalidRequestException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(status, code, method, path, detail, cause);
	}

	@Override
	public boolean transientFailure() {
		return false;
	}

}
