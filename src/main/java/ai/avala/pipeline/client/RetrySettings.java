package ai.avala.pipeline.client;

import java.time.Duration;

/**
 * How hard to retry.
 *
 * @param maxAttempts attempts per call for connection faults and 5xx, the first included
 * @param baseDelay the back-off's first ceiling
 * @param maxDelay the back-off's cap
 * @param maxThrottleWait the total time one call may spend waiting out 429s before it fails
 */
public record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxThrottleWait) {

	public RetrySettings {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("avala.retry.max-attempts must be at least 1, was " + maxAttempts);
		}
		requirePositive("avala.retry.base-delay", baseDelay);
		requirePositive("avala.retry.max-delay", maxDelay);
		requirePositive("avala.retry.max-throttle-wait", maxThrottleWait);
	}

	static void requirePositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(property + " must be a positive duration, was " + value);
		}
	}

}
