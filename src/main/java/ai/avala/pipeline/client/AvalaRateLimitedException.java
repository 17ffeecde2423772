package ai.avala.pipeline.client;

import java.time.Duration;

/**
 * 429: throttled (request budget spent, or too many exports in progress). Carries {@code Retry-After}.
 */
public class AvalaRateLimitedException extends AvalaApiException {

	private final Duration retryAfter;

	public AvalaRateLimitedException(String method, String path, String detail, Duration retryAfter) {
		super(429, "throttled", method, path, detail, null);
		this.retryAfter = retryAfter;
	}

	/** The server's {@code Retry-After}, or null when it sent none. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean transientFailure() {
		return true;
	}

}
