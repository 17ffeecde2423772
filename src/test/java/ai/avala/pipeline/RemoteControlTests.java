package ai.avala.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.ChildPipeline;
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
 * Control of billable work from the command line: {@code pause}, {@code resume} and {@code cancel} reach the
 * run's project on the Avala side while the run waits, {@code status} shows the result and whether the run's
 * process is alive, {@code abandon --cancel-remote} stops the annotation of a run whose process was killed, and
 * the wait logs the project's work batches. Annotation is made so long that it never finishes by itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class RemoteControlTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AvalaSandbox sandbox = AvalaSandbox
		.start(SandboxExtension.testConfig().withAnnotationDuration(Duration.ofDays(3650)));

	private static final String RUN_DATE = "runDate=2026-12-02";

	@TempDir
	Path folder;

	private final List<Process> children = new ArrayList<>();

	@AfterEach
	void reset() throws InterruptedException {
		for (Process process : this.children) {
			process.destroyForcibly().waitFor();
		}
		sandbox.reset();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void pauseResumeAndCancelReachTheRunsProjectAndStatusShowsThem(CapturedOutput output) throws Exception {
		// given: a run waiting for annotation
		Path job = job("control");
		CompletableFuture<PipelineRun.Result> run = CompletableFuture
			.supplyAsync(() -> cli().execute("run", job.toString(), RUN_DATE, "poll.timeout=10m"));
		String uid = awaitWaiting(run, "control");
		// when: paused by job file and run date
		PipelineRun.Result pause = cli().execute("pause", job.toString(), RUN_DATE);
		// then
		assertThat(pause.exitCode()).as(pause.toString()).isZero();
		assertThat(pause.out()).contains("Project " + uid + " (control-2026-12-02) is now paused");
		assertThat(remoteStatus(uid)).isEqualTo("paused");
		PipelineRun.Result status = cli().execute("status");
		assertThat(status.out()).contains("project " + uid + " (status paused on the Avala side)")
			.containsPattern("process: +live: held by ");
		long execution = executionId(status.out());
		await().atMost(Duration.ofSeconds(60))
			.until(() -> output.getOut().contains("is paused on the Avala side") || run.isDone());
		// when: resumed by execution id, then canceled
		PipelineRun.Result resume = cli().execute("resume", String.valueOf(execution));
		assertThat(resume.out()).as(resume.toString()).contains("is now active");
		assertThat(remoteStatus(uid)).isEqualTo("active");
		PipelineRun.Result cancel = cli().execute("cancel", String.valueOf(execution));
		// then: the project is canceled and the run ends with exit 8, which status shows in one line
		assertThat(cancel.out()).as(cancel.toString()).contains("is now canceled");
		assertThat(remoteStatus(uid)).isEqualTo("canceled");
		assertThat(run.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(8);
		PipelineRun.Result after = cli().execute("status", String.valueOf(execution));
		assertThat(after.out()).contains("project " + uid + " (status canceled on the Avala side)")
			.containsPattern("process: +not running \\(FAILED\\)")
			.containsPattern("failure: +project " + uid + " \\(control-2026-12-02\\) is canceled on the Avala side");
		// and the wait read the work batches, logging them as they changed (pending while paused)
		assertThat(output.getOut()).contains("Project " + uid + ": work batch 1 of 1 (")
			.containsPattern("work batch 1 of 1 \\([^)]+\\): pending, 0/3 tasks")
			.contains("; work batches 0/1 completed");
	}

	@Test
	void abandonWithCancelRemoteCancelsTheProjectOfARunWhoseProcessWasKilled() throws Exception {
		// given: a run killed with SIGKILL while it waits, which status reads as dead
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		Path job = job("killed");
		Process process = child.start("run", job.toString(), RUN_DATE, "poll.timeout=10m");
		this.children.add(process);
		// (killed once the first check of the wait is committed: status reads it from the job repository; counting
		// the sandbox's work-batch reads is no sign of that, as the preflight and other tests read them too)
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> !process.isAlive() || cli().execute("status").out().contains("annotation: "));
		assertThat(process.isAlive()).as(child.output(1)).isTrue();
		process.destroyForcibly().waitFor();
		PipelineRun.Result status = cli().execute("status");
		long execution = executionId(status.out());
		assertThat(status.out()).containsPattern("process: +dead: execution " + execution + " is STARTED");
		// and: the wait's last reading is shown for the dead run, tasks and work batches
		assertThat(status.out()).containsPattern("annotation: \\d+/\\d+ tasks completed \\([\\d.]+%\\), work batches "
				+ "\\d+/\\d+ completed, \\d+ in progress \\(read ")
			.containsPattern("work batch [0-9a-f-]+: \\w+, \\d+/\\d+ tasks");
		JsonNode annotation = JSON.readTree(cli().execute("status", "--json").out().lines().findFirst().orElseThrow())
			.get("annotation");
		assertThat(annotation.get("totalTasks").asLong()).isPositive();
		assertThat(annotation.get("workBatches").get("batches").size()).isPositive();
		String uid = projectUid("killed-2026-12-02");
		// when
		PipelineRun.Result abandon = cli().execute("abandon", String.valueOf(execution), "--cancel-remote");
		// then
		assertThat(abandon.exitCode()).as(abandon.toString()).isZero();
		assertThat(abandon.out()).contains("Execution " + execution + " abandoned", "Project " + uid,
				"is now canceled");
		assertThat(remoteStatus(uid)).isEqualTo("canceled");
	}

	@Test
	void aKeyWithoutWorkBatchesReadWaitsOnTheMetricsAndSaysSoOnce(CapturedOutput output) throws Exception {
		// given: a key with every scope but work_batches.read
		Path job = job("nobatches");
		String key = sandbox.createKey(Set.of("datasets.read", "datasets.write", "projects.read", "projects.write",
				"exports.create"), "PRO", false);
		PipelineRun user = PipelineRun.withEnv(this.folder,
				Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY", key));
		CompletableFuture<PipelineRun.Result> run = CompletableFuture
			.supplyAsync(() -> user.execute("run", job.toString(), RUN_DATE, "poll.timeout=10m"));
		await().atMost(Duration.ofSeconds(60)).until(() -> metricsChecks() >= 3 || run.isDone());
		assertThat(run).as(() -> "ended before waiting: " + run.join()).isNotDone();
		// when
		sandbox.completeProject(sandbox.requests()
			.stream()
			.map(RecordedRequest::path)
			.filter((path) -> path.endsWith("/metrics/"))
			.map((path) -> path.split("/")[4])
			.findFirst()
			.orElseThrow());
		PipelineRun.Result result = run.get(60, TimeUnit.SECONDS);
		// then: it completed; the missing scope was said once, and work batches were asked for once
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(output.getOut().lines().filter((l) -> l.contains("lacks the scope work_batches.read"))).hasSize(1);
		assertThat(sandbox.requests()).filteredOn((r) -> r.path().startsWith("/api/v1/work-batches/"))
			.extracting(RecordedRequest::status)
			.containsOnly(403);
	}

	private Path job(String name) {
		TestJobs.files(this.folder, 3, 10);
		return TestJobs.jobFile(this.folder, name, sandbox.templateProjectUid());
	}

	private PipelineRun cli() {
		return PipelineRun.against(sandbox, this.folder);
	}

	private String awaitWaiting(CompletableFuture<PipelineRun.Result> run, String name) {
		await().atMost(Duration.ofSeconds(60)).until(() -> metricsChecks() >= 2 || run.isDone());
		assertThat(run).as(() -> "the run ended before waiting: " + run.join()).isNotDone();
		return projectUid(name + "-2026-12-02");
	}

	private static long executionId(String statusOut) {
		Matcher matcher = Pattern.compile("execution (\\d+) ").matcher(statusOut);
		assertThat(matcher.find()).as(statusOut).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static int metricsChecks() {
		return (int) sandbox.requests().stream().map(RecordedRequest::path).filter((p) -> p.endsWith("/metrics/")).count();
	}

	private static String projectUid(String name) {
		return JSON.readTree(get("/api/v1/users/me/projects/?name=" + name)).get("results").get(0).get("uid")
			.stringValue();
	}

	private static String remoteStatus(String uid) {
		JsonNode project = JSON.readTree(get("/api/v1/projects/" + uid + "/"));
		return project.get("status").stringValue();
	}

	private static String get(String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl()).resolve(path))
				.header("X-Avala-Api-Key", sandbox.apiKey())
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
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

}
