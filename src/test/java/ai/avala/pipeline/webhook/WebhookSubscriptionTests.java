package ai.avala.pipeline.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run's own webhook subscription, end to end against a sandbox whose annotation only finishes when the test
 * says so: after a lost create answer the run adopts only its own subscription (never another run's with the
 * same public URL) and deletes only that one; a subscription that failed is tried again by the restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSubscriptionTests {

	private static final String SECRET = "whsec_subscription_test";

	private static final String RUN_DATE = "2026-11-29";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static AvalaSandbox sandbox;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
	void afterALostCreateAnswerTheRunAdoptsAndDeletesOnlyItsOwnSubscription(CapturedOutput output) throws Exception {
		// given: the run's create takes effect but its answer is lost (after 4 s, the window in which other runs
		// subscribe the same public URL: one as this version does, one as the bare URL)
		int port = WebhookEndToEndTests.freePort();
		String publicUrl = "http://127.0.0.1:" + port + "/webhooks/avala";
		sandbox.faults()
			.set("POST /webhooks/", FaultRule.none()
				.withFailFirst(1)
				.withErrorStatuses(503)
				.withFailAfterEffect(true)
				.withLatency(Duration.ofSeconds(4)));
		CompletableFuture<PipelineRun.Result> running = CompletableFuture
			.supplyAsync(() -> run("owned", port, publicUrl, "poll.timeout=10m"));
		await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.stats().webhooksRegistered() == 1);
		sandbox.faults().set("POST /webhooks/", null); // the rule's latency would delay the other runs' creates too
		String otherRun = subscribe(publicUrl + "?run=other-" + RUN_DATE);
		String bareUrl = subscribe(publicUrl);
		// when
		sandbox.completeProject(await().atMost(Duration.ofSeconds(60)).until(this::checkedProject, Objects::nonNull));
		PipelineRun.Result result = running.get(60, TimeUnit.SECONDS);
		// then: no second create; the other two remain, the run's own is gone
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(output).contains("Found the webhook subscription an earlier attempt created");
		assertThat(sandbox.stats().webhooksRegistered()).isEqualTo(3);
		assertThat(subscriptionUids()).containsExactlyInAnyOrder(otherRun, bareUrl);
		assertThat(sandbox.requests()).filteredOn((r) -> r.method().equals("DELETE"))
			.singleElement()
			.satisfies((r) -> assertThat(r.status()).isEqualTo(204));
	}

	@Test
	void aSubscriptionThatFailedIsTriedAgainByTheRestart(CapturedOutput output) throws Exception {
		// given: the first execution's subscription is refused, and its wait times out (exit 6)
		int port = WebhookEndToEndTests.freePort();
		String publicUrl = "http://127.0.0.1:" + port + "/webhooks/avala";
		sandbox.faults().set("POST /webhooks/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		PipelineRun.Result first = run("retried", port, publicUrl, "poll.timeout=3s");
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(6);
		assertThat(output).contains("Could not subscribe to Avala webhooks");
		assertThat(sandbox.stats().webhooksRegistered()).isZero();
		sandbox.completeProject(checkedProject());
		// when
		PipelineRun.Result restart = run("retried", port, publicUrl, "poll.timeout=3s");
		// then
		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(sandbox.stats().webhooksRegistered()).isOne();
		assertThat(output).contains("Subscribed to Avala webhooks at " + publicUrl
				+ "?run=retried-" + RUN_DATE);
	}

	private PipelineRun.Result run(String name, int port, String publicUrl, String timeout) {
		TestJobs.files(this.folder, 2, 64);
		Path jobFile = TestJobs.jobFile(this.folder, name, sandbox.templateProjectUid());
		PipelineRun run = PipelineRun.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY",
				sandbox.apiKey(), "AVALA_WEBHOOK_SECRET", SECRET));
		return run.execute("run", jobFile.toString(), "runDate=" + RUN_DATE, "poll.interval=1s",
				"poll.maxInterval=1s", timeout, "--webhook-port", String.valueOf(port),
				"--avala.webhook.public-url=" + publicUrl);
	}

	/** Subscribes as another run would; returns the uid. */
	private String subscribe(String targetUrl) throws Exception {
		String body = JSON.writeValueAsString(Map.of("target_url", targetUrl, "events", WebhookSubscriber.EVENTS,
				"secret", SECRET));
		HttpResponse<String> response = this.http.send(api("/webhooks/").POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
		return JSON.readTree(response.body()).path("uid").asString();
	}

	private List<String> subscriptionUids() throws Exception {
		HttpResponse<String> response = this.http.send(api("/webhooks/").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		List<String> uids = new ArrayList<>();
		for (JsonNode webhook : JSON.readTree(response.body()).path("results")) {
			uids.add(webhook.path("uid").asString());
		}
		return uids;
	}

	private HttpRequest.Builder api(String path) {
		return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).header("X-Avala-Api-Key", sandbox.apiKey());
	}

	/** The project whose metrics the wait has checked, once it has. */
	private String checkedProject() {
		return sandbox.requests()
			.stream()
			.filter(WebhookEndToEndTests::isMetricsCall)
			.map(RecordedRequest::path)
			.map((path) -> path.split("/")[4])
			.findFirst()
			.orElse(null);
	}

}
