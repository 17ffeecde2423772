package ai.avala.pipeline.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter: the wait before retry {@code n} (0-based) is uniformly random in
 * {@code [0, min(cap, base * 2^n)]}. Full jitter spreads clients that failed together, so they do not come
 * back together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
public final class Backoff {

	private final Duration base;

	private final Duration cap;

	private final DoubleSupplier random;

	public Backoff(Duration base, Duration cap, DoubleSupplier random) {
		this.base = base;
		this.cap = cap;
		this.random = random;
	}

	/** The wait before retry number {@code retry} (0 for the first retry). */
	public Duration delay(int retry) {
		long ceiling = ceilingMillis(retry);
		return Duration.ofMillis((long) (this.random.getAsDouble() * ceiling));
	}

	/** The wait after a 429: the server's Retry-After plus up to one base interval of jitter. */
	public Duration throttleDelay(Duration retryAfter, int retry) {
		if (retryAfter == null) {
			return delay(retry);
		}
		long jitter = (long) (this.random.getAsDouble() * this.base.toMillis());
		return retryAfter.plusMillis(jitter);
	}

	private long ceilingMillis(int retry) {
		long capMillis = this.cap.toMillis();
		if (retry >= 62) {
			return capMillis;
		}
		long exponential = this.base.toMillis() << Math.min(retry, 40);
		return (exponential <= 0) ? capMillis : Math.min(capMillis, exponential);
	}

}
