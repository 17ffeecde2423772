package ai.avala.pipeline.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed windows per key (one minute, as the contract says; shorter only when a test asks), in real time:
 * throttling is about the client's real request rate, not about simulated annotation time.
 */
final class RateLimiter {

	private static final long MINUTE_MILLIS = 60_000;

	private final int limit;

	private final long windowMillis;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	RateLimiter(int limit) {
		this(limit, MINUTE_MILLIS);
	}

	RateLimiter(int limit, long windowMillis) {
		this.limit = limit;
		this.windowMillis = windowMillis;
	}

	/** The verdict for one request, with what the headers report. */
	record Verdict(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {

		void applyTo(Reply reply) {
			if (limit == 0) {
				return; // unlimited: no numbers worth reporting
			}
			reply.header("X-RateLimit-Limit", Integer.toString(limit));
			reply.header("X-RateLimit-Remaining", Integer.toString(remaining));
			reply.header("X-RateLimit-Reset", Long.toString(resetEpochSeconds));
		}

	}

	private static final class Window {

		long start;

		int used;

	}

	Verdict acquire(String key) {
		long now = System.currentTimeMillis();
		if (limit == 0) {
			return new Verdict(true, 0, 0, 0, 0);
		}
		Window window = windows.computeIfAbsent(key, (k) -> new Window());
		synchronized (window) {
			if (now - window.start >= this.windowMillis) {
				window.start = now;
				window.used = 0;
			}
			long resetMillis = window.start + this.windowMillis;
			long reset = (resetMillis + 999) / 1000;
			if (window.used >= limit) {
				long retryAfter = Math.max(1, (resetMillis - now + 999) / 1000);
				return new Verdict(false, limit, 0, reset, retryAfter);
			}
			window.used++;
			return new Verdict(true, limit, limit - window.used, reset, 0);
		}
	}

	/** Headers for a request that never reached a key's window (e.g. no key at all). */
	Verdict peek() {
		long reset = (System.currentTimeMillis() + this.windowMillis + 999) / 1000;
		return new Verdict(true, limit, limit, reset, 0);
	}

	static ApiException throttled(long seconds) {
		return ApiException.detail(429, "Request was throttled. Expected available in " + seconds + " seconds.")
			.header("Retry-After", Long.toString(seconds));
	}

}
