package ai.avala.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.sandbox.StoredFile;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxAssertions;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run finishes against a hostile API: random 5xx and 429s on every route, connections dropped mid-upload,
 * presigned URLs that expire at once, and the per-file flow. Every file ends up stored once with the right
 * bytes (re-sent only where a transfer failed), and one dataset, project and export exist.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileApiTests {

	@TempDir
	Path folder;

	@Test
	void completesDespiteServerErrorsAndDroppedUploads() {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig())) {
			// given
			Map<String, String> md5s = TestJobs.files(this.folder, 60, 4096);
			sandbox.faults()
				.set("*", FaultRule.none()
					.withErrorRate(0.2)
					.withErrorStatuses(List.of(500, 502, 503, 504))
					.withThrottleRate(0.05));
			sandbox.faults().set("PUT storage", FaultRule.none().withDropRate(0.1));
			// At least one 429 whatever the seeded random draws: the run's number of calls (its preflight's reads
			// among them) decides which draws fall where.
			sandbox.faults()
				.set("GET /projects/{uid}/metrics/", FaultRule.none().withFailFirst(1).withErrorStatuses(List.of(429)));
			Path job = TestJobs.jobFile(this.folder, "hostile", sandbox.templateProjectUid());
			// when
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
				.execute("run", job.toString(), "--avala.retry.max-attempts=12");
			// then
			assertThat(result.exitCode()).as(result.toString()).isZero();
			SandboxAssertions.assertExactlyOneOfEach(sandbox);
			assertThat(SandboxAssertions.assertStored(sandbox, md5s).values()).as("stored once")
				.allMatch((f) -> f.putCount() == 1);
			assertThat(sandbox.stats().throttled()).as("throttled calls").isPositive();
		}
	}

	/**
	 * Contract §8: a gateway answers 504 at once and the service creates the resource 1.5 s later. A look-up right
	 * after the 504 finds nothing; sending the create again then would make a second one.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "dataset (manifest flow), POST /datasets/manual-upload/, manifest",
			"dataset (per-file finalise), POST /datasets/manual-upload/, per-file",
			"project (clone), POST /projects/create-from-existing/, manifest", "export, POST /exports/, manifest" })
	void aCreateTheServiceFinishesAfterA504IsNotSentAgain(String what, String route, String flow,
			CapturedOutput output) {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig())) {
			// given
			Map<String, String> md5s = TestJobs.files(this.folder, 6, 300);
			sandbox.faults().set(route, FaultRule.none().withFailFirst(1).withEffectDelay(Duration.ofMillis(1500)));
			Path job = TestJobs.jobFile(this.folder, "late", sandbox.templateProjectUid(), "upload:\n  flow: " + flow);
			// when
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
				.execute("run", job.toString(), "--avala.create-settle-window=30s");
			// then: the create was sent once, found again by the look-ups that kept looking after the 504
			assertThat(result.exitCode()).as(result.toString()).isZero();
			await().atMost(Duration.ofMinutes(1)).until(() -> sandbox.pendingEffects() == 0);
			assertThat(sandbox.requests()).as("creates sent")
				.filteredOn((r) -> route.equals(r.method() + " " + r.path().replaceFirst("^/api/v1", "")))
				.singleElement()
				.satisfies((r) -> assertThat(r.status()).isEqualTo(504));
			SandboxAssertions.assertExactlyOneOfEach(sandbox);
			SandboxAssertions.assertStored(sandbox, md5s);
			assertThat(output).contains("may still happen on the Avala side");
		}
	}

	/**
	 * A proxy that answers a create with a 2xx HTML page after the service made the resource: the answer is
	 * unreadable, so it counts as ambiguous (looked up, not sent again), and the run goes on.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "dataset (manifest flow), POST /datasets/manual-upload/",
			"project (clone), POST /projects/create-from-existing/", "export, POST /exports/" })
	void aCreateAnsweredWithAnHtmlPageIsFoundAgainNotSentAgain(String what, String route) {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig())) {
			// given
			Map<String, String> md5s = TestJobs.files(this.folder, 6, 300);
			sandbox.faults().set(route, FaultRule.none().withFailFirst(1).withErrorStatuses(200).withFailAfterEffect(true));
			Path job = TestJobs.jobFile(this.folder, "garbled", sandbox.templateProjectUid());
			// when
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", job.toString());
			// then
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(sandbox.requests()).as("creates sent")
				.filteredOn((r) -> route.equals(r.method() + " " + r.path().replaceFirst("^/api/v1", "")))
				.singleElement()
				.satisfies((r) -> assertThat(r.status()).isEqualTo(200));
			SandboxAssertions.assertExactlyOneOfEach(sandbox);
			SandboxAssertions.assertStored(sandbox, md5s);
		}
	}

	@Test
	void aHungServerCannotHangTheRun() {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig())) {
			// given: the metrics route answers only after a minute
			TestJobs.files(this.folder, 2, 10);
			sandbox.faults().set("GET /projects/{uid}/metrics/", FaultRule.none().withLatency(Duration.ofSeconds(60)));
			Path job = TestJobs.jobFile(this.folder, "hung", sandbox.templateProjectUid());
			// when
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
				.execute("run", job.toString(), "--avala.call-timeout=1s", "--avala.read-timeout=1s",
						"--avala.retry.max-attempts=2");
			// then: the call timed out, was retried once, and the run failed restartably: had the client waited for
			// the answer, the call would have succeeded after a minute (no wall-clock bound: this machine may be busy)
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
			assertThat(result.err()).contains("step awaitCompletion failed", "GET /api/v1/projects/", "no HTTP answer");
		}
	}

	@Test
	void expiredUrlsAreReplacedByPerFilePresigns() {
		try (AvalaSandbox sandbox = AvalaSandbox
			.start(SandboxExtension.testConfig().withUrlLifetime(Duration.ofMillis(1)))) {
			// given
			Map<String, String> md5s = TestJobs.files(this.folder, 12, 1000);
			Path job = TestJobs.jobFile(this.folder, "expired", sandbox.templateProjectUid());
			// when
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", job.toString());
			// then
			assertThat(result.exitCode()).as(result.toString()).isZero();
			SandboxAssertions.assertExactlyOneOfEach(sandbox);
			SandboxAssertions.assertStored(sandbox, md5s);
			assertThat(sandbox.requests())
				.filteredOn((r) -> r.path().equals("/api/v1/datasets/manual-upload/file-upload-url/"))
				.hasSizeGreaterThanOrEqualTo(12);
		}
	}

	@Test
	void sustainsTheRateLimitWithoutLosingAFile() {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig())) {
			// given: the per-file flow makes one API call per file, against a limit of 15 calls per 2 s window
			sandbox.setRateLimit(15, Duration.ofSeconds(2));
			Map<String, String> md5s = TestJobs.files(this.folder, 60, 300);
			Path job = TestJobs.jobFile(this.folder, "limited", sandbox.templateProjectUid(), "upload:\n  flow: per-file");
			// when
			long started = System.nanoTime();
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", job.toString());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			// then: done, every file once, and the limit really held the run back (60+ calls need 4+ windows)
			assertThat(result.exitCode()).as(result.toString()).isZero();
			SandboxAssertions.assertExactlyOneOfEach(sandbox);
			assertThat(SandboxAssertions.assertStored(sandbox, md5s).values()).allMatch((f) -> f.putCount() == 1);
			List<RecordedRequest> api = sandbox.requests().stream().filter((r) -> r.path().startsWith("/api/v1/")).toList();
			long throttled = api.stream().filter((r) -> r.status() == 429).count();
			assertThat(api.size() - throttled).isGreaterThan(60);
			assertThat(took).isGreaterThan(Duration.ofSeconds(6));
			// the client's budget (X-RateLimit-Remaining/Reset) keeps 429s rare: racing threads only
			assertThat(throttled).as("429 answers of %s API calls", api.size()).isLessThan(api.size() / 4);
		}
	}

	@Test
	void perFileFlowUploadsThenCreatesTheDataset() {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig())) {
			// given
			Map<String, String> md5s = TestJobs.files(this.folder, 10, 700);
			Path job = TestJobs.jobFile(this.folder, "perfile", sandbox.templateProjectUid(), "upload:\n  flow: per-file");
			// when
			PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", job.toString());
			// then
			assertThat(result.exitCode()).as(result.toString()).isZero();
			SandboxAssertions.assertExactlyOneOfEach(sandbox);
			SandboxAssertions.assertStored(sandbox, md5s);
		}
	}

}
