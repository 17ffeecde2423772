package ai.avala.pipeline.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import ai.avala.pipeline.metrics.ClientMeters;

import org.springframework.http.HttpHeaders;

/**
 * The key's request budget as the server last reported it ({@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset}). Every API call, polling and presigning alike, takes from this one budget, so a
 * run slows down before the limit instead of bouncing off 429s.
 */
public final class RateBudget {

	private final Clock clock;

	private final Sleeper sleeper;

	private final ClientMeters meters;

	private long remaining = Long.MAX_VALUE;

	private Instant reset = Instant.MIN;

	public RateBudget(Clock clock, Sleeper sleeper) {
		this(clock, sleeper, ClientMeters.none());
	}

	public RateBudget(Clock clock, Sleeper sleeper, ClientMeters meters) {
		this.clock = clock;
		this.sleeper = sleeper;
		this.meters = meters;
	}

	/** Blocks until the budget allows one more call, then takes it; a wait is told to the meters. */
	public void acquire() throws InterruptedException {
		Duration wait;
		Duration waited = Duration.ZERO;
		while (!(wait = take()).isZero()) {
			this.sleeper.sleep(wait);
			waited = waited.plus(wait);
		}
		if (!waited.isZero()) {
			this.meters.budgetWait(waited);
		}
	}

	private synchronized Duration take() {
		Instant now = this.clock.instant();
		if (now.isAfter(this.reset)) {
			// The window the server described is over; until it tells us more, assume a fresh budget.
			this.remaining = Math.max(this.remaining, 1);
		}
		if (this.remaining > 0) {
			this.remaining--;
			return Duration.ZERO;
		}
		return Duration.between(now, this.reset).plusMillis(50);
	}

	/** Learns the budget from an answer's headers; answers without them change nothing. */
	public synchronized void update(HttpHeaders headers) {
		Long remainingHeader = longHeader(headers, "X-RateLimit-Remaining");
		Long resetHeader = longHeader(headers, "X-RateLimit-Reset");
		if (remainingHeader == null || resetHeader == null) {
			return;
		}
		Instant newReset = Instant.ofEpochSecond(resetHeader);
		if (newReset.isAfter(this.reset) || remainingHeader < this.remaining) {
			this.reset = newReset;
			this.remaining = remainingHeader;
		}
	}

	private static Long longHeader(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
