package ai.avala.pipeline.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a {@link CallLedger}: what one execution (or, summed, a whole run) sent.
 *
 * @param apiByRoute API calls: {@code "GET /datasets/{uid}/"} to counts by status ({@code "200"}, {@code "503"},
 * or {@code "timeout"} / {@code "connection"} when no answer came)
 * @param storageByMethodAndStatus storage calls (presigned PUT/POST, export downloads): {@code "PUT 200"} to count
 * @param retriesByReason retries decided: {@code 429}, {@code 5xx}, {@code connection}, {@code timeout},
 * {@code other} (a storage refusal retried, such as 408)
 * @param throttleWaits 429 answers waited out (Retry-After, or back-off without it)
 * @param throttleWaitSeconds the seconds those waits took
 */
public record CallCounts(Map<String, Map<String, Long>> apiByRoute, Map<String, Long> storageByMethodAndStatus,
		Map<String, Long> retriesByReason, long throttleWaits, double throttleWaitSeconds) {

	public static final CallCounts NONE = new CallCounts(Map.of(), Map.of(), Map.of(), 0, 0);

	public CallCounts {
		apiByRoute = (apiByRoute != null) ? apiByRoute : Map.of();
		storageByMethodAndStatus = (storageByMethodAndStatus != null) ? storageByMethodAndStatus : Map.of();
		retriesByReason = (retriesByReason != null) ? retriesByReason : Map.of();
	}

	/** API calls by status, all routes together. */
	public Map<String, Long> apiByStatus() {
		Map<String, Long> byStatus = new TreeMap<>();
		this.apiByRoute.values().forEach((statuses) -> statuses.forEach((status, n) -> byStatus.merge(status, n, Long::sum)));
		return byStatus;
	}

	public long apiCalls() {
		return apiByStatus().values().stream().mapToLong(Long::longValue).sum();
	}

	public long storageCalls() {
		return this.storageByMethodAndStatus.values().stream().mapToLong(Long::longValue).sum();
	}

	public long retries() {
		return this.retriesByReason.values().stream().mapToLong(Long::longValue).sum();
	}

	/** These counts and {@code other}'s together (two executions of one run). */
	public CallCounts plus(CallCounts other) {
		Map<String, Map<String, Long>> routes = new TreeMap<>();
		for (CallCounts counts : new CallCounts[] { this, other }) {
			counts.apiByRoute.forEach((route, statuses) -> statuses
				.forEach((status, n) -> routes.computeIfAbsent(route, (r) -> new TreeMap<>()).merge(status, n, Long::sum)));
		}
		return new CallCounts(routes, merged(this.storageByMethodAndStatus, other.storageByMethodAndStatus),
				merged(this.retriesByReason, other.retriesByReason), this.throttleWaits + other.throttleWaits,
				this.throttleWaitSeconds + other.throttleWaitSeconds);
	}

	private static Map<String, Long> merged(Map<String, Long> a, Map<String, Long> b) {
		Map<String, Long> sum = new TreeMap<>(a);
		b.forEach((key, n) -> sum.merge(key, n, Long::sum));
		return sum;
	}

}
