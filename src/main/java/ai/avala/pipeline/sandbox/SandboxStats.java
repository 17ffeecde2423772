package ai.avala.pipeline.sandbox;

/**
 * Counts of side effects since start or the last reset. Tests assert on these instead of mocks,
 * e.g. that a retried create did not create twice.
 *
 * @param datasets datasets created
 * @param projects projects cloned
 * @param approvals successful approvals
 * @param exports exports created
 * @param webhooksRegistered webhooks registered
 * @param webhookDeliveries webhook deliveries answered with 2xx
 * @param filePuts successful storage uploads (PUT and form POST)
 * @param apiRequests requests received under {@code /api/v1}
 * @param throttled answers 429 because of the rate limit or a throttle fault
 */
public record SandboxStats(int datasets, int projects, int approvals, int exports, int webhooksRegistered,
		int webhookDeliveries, long filePuts, long apiRequests, long throttled) {
}
