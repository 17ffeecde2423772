package ai.avala.pipeline.sandbox;

import java.time.Instant;

/**
 * One HTTP request the sandbox answered (API, storage or download), so tests can assert on what a
 * client really sent, e.g. that the API key never went to a storage URL.
 *
 * @param method HTTP method
 * @param path raw request path
 * @param query raw query string, or {@code null}
 * @param status status answered, {@code 0} when the connection was dropped
 * @param apiKeyPresent whether {@code X-Avala-Api-Key} was sent
 * @param apiKeyValue the key sent, or {@code null} if absent
 * @param receivedAt when the request arrived (real time), so tests can measure the gap between a call and its retry
 */
public record RecordedRequest(String method, String path, String query, int status, boolean apiKeyPresent,
		String apiKeyValue, Instant receivedAt) {
}
