package ai.avala.pipeline.client;

/**
 * 401: the API key is missing, unknown or expired. Fix {@code AVALA_API_KEY}.
 */
public class AvalaAuthenticationException extends AvalaApiException {

	public AvalaAuthenticationException(int status, String code, String method, String path, String detail, Throwable cause) {
		super(status, code, method, path, detail, cause);
	}

	@Override
	public boolean transientFailure() {
		return false;
	}

}
