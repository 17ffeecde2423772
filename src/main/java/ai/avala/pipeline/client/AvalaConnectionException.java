package ai.avala.pipeline.client;

/**
 * No answer: connection refused or reset, or a timeout. The request may or may not have taken effect.
 */
public class AvalaConnectionException extends AvalaApiException {

	public AvalaConnectionException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(status, code, method, path, detail, cause);
	}

	@Override
	public boolean transientFailure() {
		return true;
	}

}
