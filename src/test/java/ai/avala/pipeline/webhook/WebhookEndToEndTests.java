package ai.avala.pipeline.webhook;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command line with {@code --webhook-port} against a sandbox whose annotation never finishes by itself: the
 * test finishes it with {@code completeProject} and measures how long the run takes to notice.
 */
class WebhookEndToEndTests {

	private static final String SECRET = "whsec_e2e_secret_value";

	private static AvalaSandbox sandbox;

	@TempDir
	Path folder;

	@BeforeAll
	static void startSandbox() {
		sandbox = AvalaSandbox.start(SandboxExtension.testConfig().withAnnotationDuration(Duration.ofDays(3650)));
	}

	@AfterEach
	void resetSandbox() {
		sandbox.reset();
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@Test
	void theRunEndsWhenTheLastTaskIsAcceptedThoughItWouldPollOnly30sLater() throws Exception {
		// given: polling alone would look again only after 30 s
		TestJobs.files(this.folder, 6, 256);
		Path jobFile = TestJobs.jobFile(this.folder, "hooked", sandbox.templateProjectUid());
		int port = freePort();
		PipelineRun run = PipelineRun.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY",
				sandbox.apiKey(), "AVALA_WEBHOOK_SECRET", SECRET));
		CompletableFuture<PipelineRun.Result> running = CompletableFuture.supplyAsync(() -> run.execute("run",
				jobFile.toString(), "poll.interval=30s", "poll.maxInterval=60s", "poll.timeout=10m", "--webhook-port",
				String.valueOf(port), "--avala.webhook.public-url=http://127.0.0.1:" + port + "/webhooks/avala"));
		String projectUid = await().atMost(Duration.ofSeconds(60)).until(WebhookEndToEndTests::checkedProject,
				Objects::nonNull);
		// when
		sandbox.completeProject(projectUid);
		PipelineRun.Result result = running.get(60, TimeUnit.SECONDS);
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(metricsCalls()).isBetween(1L, 3L);
		// the last check was woken: a pause between two polls lasts at least poll.interval (no wall-clock bound
		// on the test itself, which a busy machine could break; the gap is measured by the sandbox)
		List<Instant> checks = sandbox.requests().stream().filter(WebhookEndToEndTests::isMetricsCall)
			.map(RecordedRequest::receivedAt).toList();
		// (one check only: the same check that saw open tasks then read the project completed, no pause at all)
		if (checks.size() >= 2) {
			assertThat(Duration.between(checks.get(checks.size() - 2), checks.get(checks.size() - 1)))
				.isLessThan(Duration.ofSeconds(30));
		}
		assertThat(sandbox.stats().webhooksRegistered()).isOne();
		assertThat(sandbox.stats().webhookDeliveries()).isPositive();
		// the completed run removed its subscription, so nightly runs do not pile them up
		assertThat(sandbox.requests()).filteredOn((r) -> r.method().equals("DELETE") && r.path().startsWith("/api/v1/webhooks/"))
			.singleElement()
			.satisfies((r) -> assertThat(r.status()).isEqualTo(204));
		assertThat(result.out() + result.err()).doesNotContain("Could not delete webhook subscription");
	}

	@Test
	void aWebhookPortWithoutTheSecretIsAUsageError() {
		// given
		TestJobs.files(this.folder, 1, 10);
		Path jobFile = TestJobs.jobFile(this.folder, "nosecret", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", jobFile.toString(), "--webhook-port", "18090");
		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("AVALA_WEBHOOK_SECRET");
		assertThat(sandbox.stats().datasets()).isZero();
	}

	/** The project whose metrics the wait has checked, once it has. */
	private static String checkedProject() {
		return sandbox.requests()
			.stream()
			.filter(WebhookEndToEndTests::isMetricsCall)
			.map((r) -> r.path().split("/")[4])
			.findFirst()
			.orElse(null);
	}

	private static long metricsCalls() {
		return sandbox.requests().stream().filter(WebhookEndToEndTests::isMetricsCall).count();
	}

	static boolean isMetricsCall(RecordedRequest request) {
		return request.method().equals("GET") && request.path().matches("/api/v1/projects/[^/]+/metrics/");
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
