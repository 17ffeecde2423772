package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.SandboxConfig;
import ai.avala.pipeline.sandbox.StorageMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.springframework.boot.convert.DurationStyle;

/** {@code sandbox}: runs the Avala sandbox on its own, for any HTTP client, until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
		description = { "Run the Avala sandbox (a simulator of the Avala API) until stopped.",
				"Prints: Avala sandbox ready: base-url=... api-key=... template=..." })
class SandboxCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one")
	int port;

	@Option(names = "--clock-speed", defaultValue = "1", description = "Simulated seconds per real second")
	double clockSpeed;

	@Option(names = "--rate-limit", defaultValue = "100", description = "Requests per minute per key; 0 = off")
	int rateLimit;

	@Option(names = "--url-lifetime", defaultValue = "24h", description = "Presigned URL lifetime (simulated)")
	String urlLifetime;

	@Option(names = "--storage", defaultValue = "discard", description = "discard (keep size and MD5) or disk")
	String storage;

	@Option(names = "--storage-dir", description = "Where disk storage writes files")
	Path storageDirectory;

	@Option(names = "--storage-url", paramLabel = "<url>", description = "Benchmarks only: upload URLs point at this "
			+ "external store (e.g. bench/store/store.js), and every declared file counts as stored once its URL is "
			+ "handed out, since the sandbox never sees the bytes")
	String storageUrl;

	@Override
	public Integer call() throws InterruptedException {
		checkRanges();
		Duration lifetime;
		try {
			lifetime = DurationStyle.detectAndParse(this.urlLifetime);
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("--url-lifetime '" + this.urlLifetime + "' is not a duration (e.g. 15m, 24h)");
		}
		if (lifetime.isNegative()) {
			throw new UsageException("--url-lifetime must not be negative (e.g. 15m, 24h), was " + this.urlLifetime);
		}
		StorageMode mode = switch (this.storage) {
			case "discard" -> StorageMode.DISCARD;
			case "disk" -> StorageMode.DISK;
			default -> throw new UsageException("--storage must be discard or disk, was " + this.storage);
		};
		if (mode == StorageMode.DISK && this.storageDirectory == null) {
			throw new UsageException("--storage disk needs --storage-dir");
		}
		if (this.storageUrl != null && !this.storageUrl.matches("https?://[^/?#]+(/[^?#]*)?")) {
			throw new UsageException("--storage-url must be an http(s) URL without query (e.g. http://127.0.0.1:9000),"
					+ " was " + this.storageUrl);
		}
		SandboxConfig config = SandboxConfig.defaults()
			.withPort(this.port)
			.withClockSpeed(this.clockSpeed)
			.withRateLimitPerMinute(this.rateLimit)
			.withUrlLifetime(lifetime)
			.withStorage(mode, this.storageDirectory)
			.withExternalStorage(this.storageUrl);
		CountDownLatch stopped = new CountDownLatch(1);
		try (AvalaSandbox sandbox = AvalaSandbox.start(config)) {
			Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
			this.cli.out.println(sandbox.readyLine());
			this.cli.out.flush();
			stopped.await();
		}
		return ExitCode.COMPLETED.code();
	}

	private void checkRanges() {
		if (this.port < 0 || this.port > 65535) {
			throw new UsageException("--port must be 0..65535 (0 picks a free port), was " + this.port);
		}
		requirePositive("--clock-speed", this.clockSpeed);
		if (this.rateLimit < 0) {
			throw new UsageException("--rate-limit must be 0 (off) or more requests per minute, was " + this.rateLimit);
		}
	}

	/** A clock speed: simulated seconds per real second, a finite number above 0. */
	static void requirePositive(String option, double speed) {
		if (!(speed > 0) || Double.isInfinite(speed)) {
			throw new UsageException(option + " must be a number above 0 (simulated seconds per real second, "
					+ "e.g. 3600), was " + speed);
		}
	}

}
