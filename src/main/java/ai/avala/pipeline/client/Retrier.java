package ai.avala.pipeline.client;

import java.time.Duration;
import java.util.function.Supplier;

import ai.avala.pipeline.metrics.ClientMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call under the {@link RetryPolicy}: back-off for faults, Retry-After for throttling, nothing for
 * errors that cannot succeed on a second try. Only for calls that are safe to repeat (reads, PUTs that
 * overwrite); creates go through a look-up first instead (see {@code CreateOnce}).
 */
public final class Retrier {

	private static final Logger log = LoggerFactory.getLogger(Retrier.class);

	private final RetrySettings settings;

	private final Backoff backoff;

	private final Sleeper sleeper;

	private final ClientMeters meters;

	public Retrier(RetrySettings settings, Backoff backoff, Sleeper sleeper) {
		this(settings, backoff, sleeper, ClientMeters.none());
	}

	/** @param meters told of each retry decided (by route and reason) and each 429 waited out */
	public Retrier(RetrySettings settings, Backoff backoff, Sleeper sleeper, ClientMeters meters) {
		this.settings = settings;
		this.backoff = backoff;
		this.sleeper = sleeper;
		this.meters = meters;
	}

	public <T> T call(String what, Supplier<T> call) {
		Attempts attempts = new Attempts();
		while (true) {
			try {
				return call.get();
			}
			catch (RuntimeException failure) {
				Duration wait = nextWait(failure, attempts);
				log.warn("{} failed, retrying in {} ms: {}", what, wait.toMillis(), failure.getMessage());
				pause(wait);
			}
		}
	}

	/**
	 * The wait before the next attempt, or the failure rethrown when the policy or budget says stop. Every retry of
	 * the tool is decided here, so this is where retries and 429 waits are counted.
	 */
	public Duration nextWait(RuntimeException failure, Attempts attempts) {
		Duration wait = decideWait(failure, attempts);
		String route = CallLabels.route(failure);
		this.meters.retry(route, CallLabels.retryReason(failure));
		if (failure instanceof AvalaRateLimitedException) {
			this.meters.throttleWait(route, wait);
		}
		return wait;
	}

	private Duration decideWait(RuntimeException failure, Attempts attempts) {
		switch (RetryPolicy.decide(failure)) {
			case WAIT_AND_RETRY -> {
				Duration retryAfter = ((AvalaRateLimitedException) failure).retryAfter();
				Duration wait = this.backoff.throttleDelay(retryAfter, attempts.throttles++);
				attempts.throttled = attempts.throttled.plus(wait);
				if (attempts.throttled.compareTo(this.settings.maxThrottleWait()) > 0) {
					throw failure;
				}
				return wait;
			}
			case RETRY -> {
				if (++attempts.failures >= this.settings.maxAttempts()) {
					throw failure;
				}
				return this.backoff.delay(attempts.failures - 1);
			}
			default -> throw failure;
		}
	}

	public void pause(Duration wait) {
		try {
			this.sleeper.sleep(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AvalaConnectionException(0, null, "-", "-", "interrupted while waiting to retry", ex);
		}
	}

	/** The running tally of one call's attempts. */
	public static final class Attempts {

		int failures;

		int throttles;

		Duration throttled = Duration.ZERO;

	}

}
