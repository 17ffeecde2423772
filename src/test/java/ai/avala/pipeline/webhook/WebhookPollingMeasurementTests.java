package ai.avala.pipeline.webhook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.SandboxConfig;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many metrics checks the wait makes for a 6-hour annotation, with and without webhooks. Time is scaled by
 * 360 (6 h simulated in 60 s real), and so are the poll settings: a production-like 60 s interval and 10 min
 * maximum become 167 ms and 1667 ms. Takes about two minutes, so it runs only when asked:
 * {@code mvn test -Dtest=WebhookPollingMeasurementTests -Davala.measure=true}.
 */
@EnabledIfSystemProperty(named = "avala.measure", matches = "true")
class WebhookPollingMeasurementTests {

	private static final double SPEED = 360;

	private static final String SECRET = "whsec_measure";

	@TempDir
	Path folder;

	@Test
	void countsMetricsChecksWithAndWithoutWebhooks() throws Exception {
		// given
		Map<String, Long> checks = new LinkedHashMap<>();
		Map<String, Duration> lateness = new LinkedHashMap<>();
		// when
		for (boolean webhooks : new boolean[] { false, true }) {
			String mode = webhooks ? "webhooks on" : "webhooks off";
			try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxConfig.defaults()
				.withClockSpeed(SPEED)
				.withRateLimitPerMinute(0)
				.withAnnotationDuration(Duration.ofHours(6)))) {
				Path dir = Files.createDirectories(this.folder.resolve(webhooks ? "on" : "off"));
				long started = System.nanoTime();
				PipelineRun.Result result = run(sandbox, dir, webhooks);
				assertThat(result.exitCode()).as(result.toString()).isZero();
				checks.put(mode, sandbox.requests().stream().filter(WebhookEndToEndTests::isMetricsCall).count());
				lateness.put(mode, Duration.ofNanos(System.nanoTime() - started));
			}
		}
		// then
		System.out.println("MEASURED metrics checks for 6 h of annotation at x" + SPEED + ": " + checks
				+ "; whole run took " + lateness);
		assertThat(checks.get("webhooks on")).isLessThan(checks.get("webhooks off"));
	}

	private static PipelineRun.Result run(AvalaSandbox sandbox, Path dir, boolean webhooks) throws Exception {
		TestJobs.files(dir, 600, 64);
		Path jobFile = TestJobs.jobFile(dir, "measure", sandbox.templateProjectUid());
		Map<String, String> env = Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY", sandbox.apiKey(),
				"AVALA_WEBHOOK_SECRET", SECRET);
		String[] common = { "run", jobFile.toString(), "poll.interval=167ms", "poll.maxInterval=1667ms",
				"poll.timeout=5m" };
		if (!webhooks) {
			return PipelineRun.withEnv(dir, env).execute(common);
		}
		int port = WebhookEndToEndTests.freePort();
		String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
				java.util.stream.Stream.of("--webhook-port", String.valueOf(port),
						"--avala.webhook.public-url=http://127.0.0.1:" + port + "/webhooks/avala"))
			.toArray(String[]::new);
		return PipelineRun.withEnv(dir, env).execute(args);
	}

}
