package ai.avala.pipeline.client;

import java.time.Duration;

/**
 * Waits. Injected so that tests never really sleep. Two kinds exist on purpose: the wait for progress
 * ({@link WakeableSleeper}, which a webhook or a stop request cuts short) and the waits the server or the
 * back-off prescribes ({@link #unwakeable()}: a 429's Retry-After, the rate budget's reset, retry back-off),
 * which nothing may shorten, or the retried call would arrive before the server allows it.
 */
@FunctionalInterface
public interface Sleeper {

	void sleep(Duration duration) throws InterruptedException;

	/** Sleeps the whole duration; only a thread interrupt ends it early. Webhooks and stop requests cannot. */
	static Sleeper unwakeable() {
		return (duration) -> {
			if (duration.isNegative() || duration.isZero()) {
				return;
			}
			Thread.sleep(duration.toMillis());
		};
	}

}
