package ai.avala.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * The wait for annotation against what can happen to the project on the Avala side while a run waits: a person
 * cancels, archives or pauses it, or it completes whatever its task counts say; and a wait that timed out is
 * resumed with a longer timeout. Annotation is made so long that it never finishes by itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class RemoteProjectStateTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Annotation takes ten simulated years: at the test clock's speed, hours; it never ends by itself here. */
	private static final AvalaSandbox sandbox = AvalaSandbox
		.start(SandboxExtension.testConfig().withAnnotationDuration(Duration.ofDays(3650)));

	@AfterEach
	void reset() {
		sandbox.reset();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@TempDir
	Path folder;

	@Test
	void aRestartAfterATimeOutWaitsAgainWithTheTimeoutItIsGiven() throws Exception {
		// given: a run that timed out waiting for annotation (exit 6, "restartable")
		TestJobs.files(this.folder, 3, 10);
		Path job = TestJobs.jobFile(this.folder, "timeout", sandbox.templateProjectUid());
		PipelineRun.Result first = run(sandbox, "run", job.toString(), "runDate=2026-11-02", "poll.timeout=300ms");
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(6);
		int checksBefore = metricsChecks(sandbox);
		// when: the same run is resumed with a longer timeout, and annotation completes while it waits
		CompletableFuture<PipelineRun.Result> second = CompletableFuture
			.supplyAsync(() -> run(sandbox, "run", job.toString(), "runDate=2026-11-02", "poll.timeout=10m"));
		await().atMost(Duration.ofSeconds(60)).until(() -> metricsChecks(sandbox) >= checksBefore + 2 || second.isDone());
		sandbox.completeProject(projectUid(sandbox, "timeout-2026-11-02"));
		PipelineRun.Result result = second.get(60, TimeUnit.SECONDS);
		// then: it resumed at the wait, waited past the first run's deadline, and completed
		assertThat(result.out()).contains("Resuming run timeout 2026-11-02", "at step awaitCompletion");
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(sandbox.stats().projects()).isEqualTo(1);
		assertThat(sandbox.stats().exports()).isEqualTo(1);
	}

	@Test
	void aProjectCanceledOnTheAvalaSideEndsTheWaitAtTheNextCheck() throws Exception {
		assertEndsTheWait(sandbox, "canceled", (uid) -> post(sandbox, "/api/v1/projects/" + uid + "/cancel/"));
	}

	@Test
	void aProjectArchivedOnTheAvalaSideEndsTheWaitAtTheNextCheck() throws Exception {
		assertEndsTheWait(sandbox, "archived", sandbox::archiveProject);
	}

	@Test
	void aPausedProjectKeepsTheRunWaitingAndSaysSoOnce(CapturedOutput output)
			throws Exception {
		// given: a run waiting for annotation
		TestJobs.files(this.folder, 3, 10);
		Path job = TestJobs.jobFile(this.folder, "paused", sandbox.templateProjectUid());
		CompletableFuture<PipelineRun.Result> run = CompletableFuture
			.supplyAsync(() -> run(sandbox, "run", job.toString(), "poll.timeout=10m"));
		String uid = awaitWaiting(sandbox, run, "paused");
		// when: a person pauses the project, the run checks it several times, then it is resumed and completes
		post(sandbox, "/api/v1/projects/" + uid + "/pause/");
		int checks = metricsChecks(sandbox);
		await().atMost(Duration.ofSeconds(60)).until(() -> metricsChecks(sandbox) >= checks + 3 || run.isDone());
		assertThat(run).as("the run keeps waiting on a paused project").isNotDone();
		post(sandbox, "/api/v1/projects/" + uid + "/resume/");
		sandbox.completeProject(uid);
		PipelineRun.Result result = run.get(60, TimeUnit.SECONDS);
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(output.getOut().lines().filter((l) -> l.contains("is paused on the Avala side"))).hasSize(1);
	}

	@Test
	void aProjectInStatusCompletedIsDoneWhateverItsTaskCountsSay() throws Exception {
		// given: a project that reaches "completed" while the metrics still count open tasks (archived-and-
		// completed projects, or a service whose metrics lag its status)
		TestJobs.files(this.folder, 3, 10);
		Path job = TestJobs.jobFile(this.folder, "lagging", sandbox.templateProjectUid());
		CompletableFuture<PipelineRun.Result> run = CompletableFuture
			.supplyAsync(() -> run(sandbox, "run", job.toString(), "poll.timeout=10m"));
		String uid = awaitWaiting(sandbox, run, "lagging");
		await().atMost(Duration.ofSeconds(60)).until(() -> openTasks(sandbox, uid) > 0 || run.isDone());
		sandbox.freezeMetrics(uid);
		// when
		sandbox.completeProject(uid);
		PipelineRun.Result result = run.get(60, TimeUnit.SECONDS);
		// then
		assertThat(openTasks(sandbox, uid)).as("the metrics still count open tasks").isPositive();
		assertThat(result.exitCode()).as(result.toString()).isZero();
	}

	private static long openTasks(AvalaSandbox sandbox, String uid) {
		JsonNode metrics = JSON.readTree(call(sandbox, "GET", "/api/v1/projects/" + uid + "/metrics/"));
		long total = metrics.get("total_tasks").asLong();
		return (total == 0) ? 0 : total - metrics.get("completed_tasks").asLong();
	}

	private void assertEndsTheWait(AvalaSandbox sandbox, String status, java.util.function.Consumer<String> end)
			throws Exception {
		// given: a run waiting for annotation that will not finish by itself within its 10-minute timeout
		TestJobs.files(this.folder, 3, 10);
		Path job = TestJobs.jobFile(this.folder, status, sandbox.templateProjectUid());
		CompletableFuture<PipelineRun.Result> run = CompletableFuture
			.supplyAsync(() -> run(sandbox, "run", job.toString(), "poll.timeout=10m"));
		String uid = awaitWaiting(sandbox, run, status);
		// when
		end.accept(uid);
		PipelineRun.Result result = run.get(60, TimeUnit.SECONDS);
		// then: exit 8, one line naming the project and its status and what to do; no export
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
		assertThat(result.err().lines()).as(result.toString()).hasSize(1);
		assertThat(result.err()).startsWith("avala-pipeline: ")
			.contains("project " + uid, "is " + status + " on the Avala side", "another runDate")
			.containsPattern("give it up with 'abandon \\d+'")
			.doesNotContain("\tat ");
		assertThat(sandbox.stats().exports()).isZero();
	}

	/** Waits until the run has checked the project's metrics twice (so it is in the wait), and returns its uid. */
	private String awaitWaiting(AvalaSandbox sandbox, CompletableFuture<PipelineRun.Result> run, String name) {
		await().atMost(Duration.ofSeconds(60)).until(() -> metricsChecks(sandbox) >= 2 || run.isDone());
		assertThat(run).as(() -> "the run ended before waiting: " + run.join()).isNotDone();
		return projectUid(sandbox, name + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
	}

	private static int metricsChecks(AvalaSandbox sandbox) {
		return (int) sandbox.requests().stream().map(RecordedRequest::path).filter((p) -> p.endsWith("/metrics/")).count();
	}

	private static String projectUid(AvalaSandbox sandbox, String name) {
		JsonNode page = JSON.readTree(call(sandbox, "GET", "/api/v1/users/me/projects/?name=" + name));
		return page.get("results").get(0).get("uid").stringValue();
	}

	private static void post(AvalaSandbox sandbox, String path) {
		call(sandbox, "POST", path);
	}

	private static String call(AvalaSandbox sandbox, String method, String path) {
		try {
			URI base = URI.create(sandbox.baseUrl());
			HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
				.header("X-Avala-Api-Key", sandbox.apiKey())
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
			return response.body();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private PipelineRun.Result run(AvalaSandbox sandbox, String... args) {
		return PipelineRun.against(sandbox, this.folder).execute(args);
	}

}
