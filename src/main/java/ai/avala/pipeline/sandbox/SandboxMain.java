package ai.avala.pipeline.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox standalone and prints its ready line for scripts:
 * {@code java -cp ... ai.avala.pipeline.sandbox.SandboxMain --port 0 --clock-speed 60}.
 * Options: {@code --port}, {@code --clock-speed}, {@code --rate-limit}, {@code --url-lifetime-seconds},
 * {@code --storage-dir} (switches to disk storage), {@code --annotation-seconds}.
 */
final class SandboxMain {

	private SandboxMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		SandboxConfig config = parse(args);
		AvalaSandbox sandbox = AvalaSandbox.start(config);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sandbox.close();
			stopped.countDown();
		}));
		System.out.println(sandbox.readyLine());
		System.out.flush();
		stopped.await();
	}

	static SandboxConfig parse(String[] args) {
		SandboxConfig config = SandboxConfig.defaults();
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("missing value for " + option);
			}
			String value = args[++i];
			config = switch (option) {
				case "--port" -> config.withPort(Integer.parseInt(value));
				case "--clock-speed" -> config.withClockSpeed(Double.parseDouble(value));
				case "--rate-limit" -> config.withRateLimitPerMinute(Integer.parseInt(value));
				case "--url-lifetime-seconds" -> config.withUrlLifetime(Duration.ofSeconds(Long.parseLong(value)));
				case "--storage-dir" -> config.withStorage(StorageMode.DISK, Path.of(value));
				case "--annotation-seconds" -> config.withAnnotationDuration(Duration.ofSeconds(Long.parseLong(value)));
				default -> throw new IllegalArgumentException("unknown option " + option);
			};
		}
		return config;
	}

}
