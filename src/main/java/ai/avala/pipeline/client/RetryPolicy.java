package ai.avala.pipeline.client;

/**
 * Decides what to do after a failed call. The rules are checked in order; the first that matches wins.
 * Every API call and every storage transfer goes through this one policy.
 */
public final class RetryPolicy {

	/** What to do after a failure. */
	public enum Decision {

		/** Try again after an exponential, fully jittered back-off; counts as an attempt. */
		RETRY,

		/** Try again after the server's Retry-After; counts against the throttle wait budget, not attempts. */
		WAIT_AND_RETRY,

		/** Do not try again: sending the same request cannot succeed. */
		GIVE_UP

	}

	private RetryPolicy() {
	}

	public static Decision decide(Throwable failure) {
		// 1. 429: the server told us when to come back; being throttled is not the request's fault.
		if (failure instanceof AvalaRateLimitedException) {
			return Decision.WAIT_AND_RETRY;
		}
		// 2. No answer at all (refused, reset, timed out): the next attempt may well get through.
		if (failure instanceof AvalaConnectionException) {
			return Decision.RETRY;
		}
		// 3. 5xx: the service failed, not the request.
		if (failure instanceof AvalaServerException) {
			return Decision.RETRY;
		}
		// 4. Storage answers (presigned PUT/POST, downloads) follow the same status rules, except that a refused
		// body framing (411 MissingContentLength, 501 NotImplemented) is refused again however often it is sent.
		if (failure instanceof StorageException storage) {
			return storage.transientFailure() ? Decision.RETRY : Decision.GIVE_UP;
		}
		// 5. 400/401/403/404 and anything unexpected: the same request fails the same way.
		return Decision.GIVE_UP;
	}

}
