package ai.avala.pipeline.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	@Test
	void throttlingWaitsForRetryAfter() {
		assertThat(RetryPolicy.decide(new AvalaRateLimitedException("GET", "/x/", "slow down", Duration.ofSeconds(3))))
			.isEqualTo(RetryPolicy.Decision.WAIT_AND_RETRY);
	}

	@Test
	void connectionFaultsAreRetried() {
		assertThat(RetryPolicy.decide(new AvalaConnectionException(0, null, "GET", "/x/", "reset", null)))
			.isEqualTo(RetryPolicy.Decision.RETRY);
	}

	@Test
	void serverErrorsAreRetried() {
		for (int status : new int[] { 500, 502, 503, 504 }) {
			assertThat(RetryPolicy.decide(new AvalaServerException(status, null, "GET", "/x/", "oops", null)))
				.isEqualTo(RetryPolicy.Decision.RETRY);
		}
	}

	@Test
	void clientErrorsAreNeverRetried() {
		assertThat(RetryPolicy.decide(new AvalaInvalidRequestException(400, null, "POST", "/x/", "bad", null)))
			.isEqualTo(RetryPolicy.Decision.GIVE_UP);
		assertThat(RetryPolicy.decide(new AvalaAuthenticationException(401, null, "GET", "/x/", "no key", null)))
			.isEqualTo(RetryPolicy.Decision.GIVE_UP);
		assertThat(RetryPolicy.decide(new AvalaScopeException(403, "GET", "/x/", "scope", "datasets.read")))
			.isEqualTo(RetryPolicy.Decision.GIVE_UP);
		assertThat(RetryPolicy.decide(new AvalaNotFoundException(404, null, "GET", "/x/", "Not found.", null)))
			.isEqualTo(RetryPolicy.Decision.GIVE_UP);
	}

	@Test
	void storageFaultsFollowTheSameStatusRules() {
		assertThat(RetryPolicy.decide(new StorageException(0, null, "PUT h/p", "reset", null)))
			.isEqualTo(RetryPolicy.Decision.RETRY);
		assertThat(RetryPolicy.decide(new StorageException(503, null, "PUT h/p", "busy", null)))
			.isEqualTo(RetryPolicy.Decision.RETRY);
		assertThat(RetryPolicy.decide(new StorageException(400, "BadDigest", "PUT h/p", "digest", null)))
			.isEqualTo(RetryPolicy.Decision.GIVE_UP);
	}

	@Test
	void storageTimingOutASlowRequestWith400RequestTimeoutIsRetried() {
		// given: S3 answers 400 RequestTimeout when a client's socket was idle too long mid-body (a busy client)
		StorageException timeout = new StorageException(400, "RequestTimeout", "PUT h/p",
				"Your socket connection to the server was not read from or written to within the timeout period.",
				null);
		// when / then: the request itself was fine; AWS's own SDKs retry it
		assertThat(RetryPolicy.decide(timeout)).isEqualTo(RetryPolicy.Decision.RETRY);
	}

	@Test
	void storageRefusingTheBodysFramingIsNeverRetried() {
		// given: S3-compatible stores answer 411, S3 itself 501, to a body without Content-Length
		StorageException missingLength = new StorageException(411, "MissingContentLength", "POST h/p",
				"You must provide the Content-Length HTTP header.", null);
		StorageException notImplemented = new StorageException(501, "NotImplemented", "POST h/p",
				"A header you provided implies functionality that is not implemented", null);
		// when / then: sending the same body again cannot succeed
		assertThat(RetryPolicy.decide(missingLength)).isEqualTo(RetryPolicy.Decision.GIVE_UP);
		assertThat(RetryPolicy.decide(notImplemented)).isEqualTo(RetryPolicy.Decision.GIVE_UP);
		assertThat(notImplemented.getMessage()).contains("HTTP 501").contains("NotImplemented");
	}

	@Test
	void unexpectedFailuresAreNotRetried() {
		assertThat(RetryPolicy.decide(new IllegalStateException("bug"))).isEqualTo(RetryPolicy.Decision.GIVE_UP);
	}

}
