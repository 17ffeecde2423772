package ai.avala.pipeline.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls of one run's execution (and of the preflight before it), counted as they happen by the same hook
 * that feeds the meters ({@link ClientMeters}): API calls by route and status, storage calls by method and
 * status, retries by reason, 429 waits. Written to from many threads at once (the upload's); the keys are the
 * meters' bounded labels, so the ledger stays small.
 */
public final class CallLedger {

	private final Map<String, LongAdder> api = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> storage = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

	private final LongAdder throttleWaits = new LongAdder();

	private final LongAdder throttleWaitMillis = new LongAdder();

	void apiCall(String method, String route, String status) {
		count(this.api, method + " " + route + " " + status);
	}

	void storageCall(String method, String status) {
		count(this.storage, method + " " + status);
	}

	void retry(String reason) {
		count(this.retries, reason);
	}

	void throttleWait(Duration wait) {
		this.throttleWaits.increment();
		this.throttleWaitMillis.add(wait.toMillis());
	}

	/** What was counted so far. */
	public CallCounts snapshot() {
		Map<String, Map<String, Long>> apiByRoute = new TreeMap<>();
		this.api.forEach((key, count) -> {
			int lastSpace = key.lastIndexOf(' ');
			apiByRoute.computeIfAbsent(key.substring(0, lastSpace), (route) -> new TreeMap<>())
				.merge(key.substring(lastSpace + 1), count.sum(), Long::sum);
		});
		return new CallCounts(apiByRoute, sums(this.storage), sums(this.retries), this.throttleWaits.sum(),
				this.throttleWaitMillis.sum() / 1000.0);
	}

	private static void count(Map<String, LongAdder> counts, String key) {
		counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
	}

	private static Map<String, Long> sums(Map<String, LongAdder> counts) {
		Map<String, Long> sums = new TreeMap<>();
		counts.forEach((key, count) -> sums.put(key, count.sum()));
		return sums;
	}

}
