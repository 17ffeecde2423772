package ai.avala.pipeline.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Start-up settings of an {@link AvalaSandbox}. All durations except the rate-limit window are in
 * simulated time, which runs {@code clockSpeed} times faster than real time.
 *
 * @param port port to bind on 127.0.0.1, {@code 0} for a free one
 * @param clockSpeed simulated seconds per real second
 * @param rateLimitPerMinute requests per key per real minute, {@code 0} for unlimited
 * @param urlLifetime lifetime of presigned upload URLs
 * @param storage what to keep of uploaded bytes
 * @param storageDir where {@link StorageMode#DISK} writes; ignored otherwise
 * @param indexingDelay delay between the last upload and the dataset becoming {@code created}
 * @param taskCreationDelay active time between approval and tasks existing
 * @param annotationDuration active time to annotate every task once tasks exist
 * @param exportDuration time from export creation to completion
 * @param externalStorage null, or the base URL of a store the sandbox did not write (for benchmarks only): upload
 * URLs then point there, and the sandbox counts every declared file as stored as soon as it hands out its URL,
 * because it never sees the bytes (the client checks the store's ETag against the file's MD5 itself)
 */
public record SandboxConfig(int port, double clockSpeed, int rateLimitPerMinute, Duration urlLifetime,
		StorageMode storage, Path storageDir, Duration indexingDelay, Duration taskCreationDelay,
		Duration annotationDuration, Duration exportDuration, String externalStorage) {

	public SandboxConfig {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0..65535: " + port);
		}
		if (!(clockSpeed > 0)) {
			throw new IllegalArgumentException("clockSpeed must be > 0: " + clockSpeed);
		}
		if (rateLimitPerMinute < 0) {
			throw new IllegalArgumentException("rateLimitPerMinute must be >= 0: " + rateLimitPerMinute);
		}
		Objects.requireNonNull(storage, "storage");
		if (storage == StorageMode.DISK && storageDir == null) {
			throw new IllegalArgumentException("storageDir is required with StorageMode.DISK");
		}
		requireNonNegative("urlLifetime", urlLifetime);
		requireNonNegative("indexingDelay", indexingDelay);
		requireNonNegative("taskCreationDelay", taskCreationDelay);
		requireNonNegative("annotationDuration", annotationDuration);
		requireNonNegative("exportDuration", exportDuration);
		if (externalStorage != null && !externalStorage.matches("https?://[^/?#]+(/[^?#]*)?")) {
			throw new IllegalArgumentException("externalStorage must be an http(s) URL without query: " + externalStorage);
		}
	}

	public static SandboxConfig defaults() {
		return new SandboxConfig(0, 1.0, 100, Duration.ofHours(24), StorageMode.DISCARD, null, Duration.ofSeconds(30),
				Duration.ofMinutes(2), Duration.ofHours(6), Duration.ofSeconds(60), null);
	}

	public SandboxConfig withPort(int port) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withClockSpeed(double clockSpeed) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withRateLimitPerMinute(int rateLimitPerMinute) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withUrlLifetime(Duration urlLifetime) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withStorage(StorageMode storage, Path storageDir) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withIndexingDelay(Duration indexingDelay) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withTaskCreationDelay(Duration taskCreationDelay) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withAnnotationDuration(Duration annotationDuration) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	public SandboxConfig withExportDuration(Duration exportDuration) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration, externalStorage);
	}

	/** Upload URLs point at {@code baseUrl} (a store the sandbox did not write); see {@code externalStorage}. */
	public SandboxConfig withExternalStorage(String externalStorage) {
		return new SandboxConfig(port, clockSpeed, rateLimitPerMinute, urlLifetime, storage, storageDir, indexingDelay,
				taskCreationDelay, annotationDuration, exportDuration,
				(externalStorage == null) ? null : externalStorage.replaceAll("/+$", ""));
	}

	private static void requireNonNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a non-negative duration: " + value);
		}
	}

}
