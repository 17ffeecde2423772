package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-route fault settings. Route keys are {@code "<METHOD> <path template>"} as the contract
 * writes them relative to {@code /api/v1} (e.g. {@code "POST /exports/"}), plus {@code "PUT storage"},
 * {@code "POST storage"}, {@code "GET download"} and {@code "*"} for every API route. A rule for the
 * exact route wins over {@code "*"}.
 */
public final class SandboxFaults {

	static final String ANY_API_ROUTE = "*";

	/** A rule with its deterministic counter. */
	private record Armed(FaultRule rule, AtomicInteger remaining, AtomicInteger used) {
	}

	private final Map<String, Armed> rules = new ConcurrentHashMap<>();

	private volatile Random random = new Random(42);

	/** The Retry-After of simulated throttles (a 429 from a rule); 1 s unless a test asks for longer. */
	private volatile Duration retryAfter = Duration.ofSeconds(1);

	SandboxFaults() {
	}

	public void set(String route, FaultRule rule) {
		if (rule == null) {
			rules.remove(route);
			return;
		}
		rules.put(route, new Armed(rule, new AtomicInteger(rule.failFirst()), new AtomicInteger()));
	}

	public void clear() {
		rules.clear();
		retryAfter = Duration.ofSeconds(1);
	}

	/** Sets the Retry-After that simulated 429s carry (whole seconds, at least 1). */
	public void retryAfter(Duration retryAfter) {
		this.retryAfter = Duration.ofSeconds(Math.max(1, retryAfter.toSeconds()));
	}

	long retryAfterSeconds() {
		return retryAfter.toSeconds();
	}

	/** Makes random faults reproducible across runs. */
	public void reseed(long seed) {
		random = new Random(seed);
	}

	/** Decides what happens to one request on a route; {@code api} enables the {@code "*"} rule. */
	FaultPlan plan(String route, boolean api) {
		Armed armed = (route != null) ? rules.get(route) : null;
		if (armed == null && api) {
			armed = rules.get(ANY_API_ROUTE);
		}
		if (armed == null) {
			return FaultPlan.NONE;
		}
		FaultRule rule = armed.rule();
		if (rule.throttleRate() > 0 && random.nextDouble() < rule.throttleRate()) {
			return new FaultPlan(rule.latency(), FaultPlan.Kind.THROTTLE, 429, false, Duration.ZERO);
		}
		List<Integer> statuses = !rule.errorStatuses().isEmpty() ? rule.errorStatuses()
				: List.of(rule.effectDelay().isZero() ? 503 : 504);
		if (armed.remaining().getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			int status = statuses.get(Math.floorMod(armed.used().getAndIncrement(), statuses.size()));
			return failure(rule, status);
		}
		if (rule.errorRate() > 0 && random.nextDouble() < rule.errorRate()) {
			return failure(rule, statuses.get(random.nextInt(statuses.size())));
		}
		if (rule.dropRate() > 0 && random.nextDouble() < rule.dropRate()) {
			return failure(rule, 0);
		}
		return new FaultPlan(rule.latency(), FaultPlan.Kind.NONE, 0, false, Duration.ZERO);
	}

	private static FaultPlan failure(FaultRule rule, int status) {
		// A 429 is answered as a throttle, with Retry-After, like every real 429.
		FaultPlan.Kind kind = (status == 0) ? FaultPlan.Kind.DROP
				: (status == 429) ? FaultPlan.Kind.THROTTLE : FaultPlan.Kind.ERROR;
		return new FaultPlan(rule.latency(), kind, status, rule.failAfterEffect(), rule.effectDelay());
	}

	/**
	 * What one request suffers: a delay, then maybe a failure before or after its effect, or a failure whose
	 * effect follows {@code effectDelay} later.
	 */
	record FaultPlan(Duration latency, Kind kind, int status, boolean afterEffect, Duration effectDelay) {

		static final FaultPlan NONE = new FaultPlan(Duration.ZERO, Kind.NONE, 0, false, Duration.ZERO);

		enum Kind {

			NONE, THROTTLE, ERROR, DROP

		}

		boolean failsBefore() {
			return kind != Kind.NONE && !afterEffect;
		}

		boolean failsAfter() {
			return kind != Kind.NONE && afterEffect;
		}

		/**
		 * Fails at once, but the request still takes effect {@link #effectDelay} later. API routes only: storage
		 * and downloads treat such a rule as a plain failure.
		 */
		boolean failsBeforeDelayedEffect() {
			return kind != Kind.NONE && kind != Kind.THROTTLE && !effectDelay.isZero();
		}

		void sleep() {
			if (!latency.isZero()) {
				try {
					Thread.sleep(latency.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
