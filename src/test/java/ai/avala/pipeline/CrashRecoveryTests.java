package ai.avala.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToIntFunction;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.SandboxStats;
import ai.avala.pipeline.sandbox.StoredFile;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.SandboxAssertions;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills a child JVM with SIGKILL at chosen moments (mid-upload, and between sending each create and hearing
 * its answer), then runs the same command in a new JVM: the run must recover the orphaned execution and
 * finish with exactly one dataset, project, approval and export, every file stored with the right bytes.
 */
@ExtendWith(SandboxExtension.class)
class CrashRecoveryTests {

	private static final int CONCURRENCY = 4;

	@TempDir
	Path folder;

	@Test
	@OnPostgres
	void killedDuringUploadReuploadsAtMostTheFilesInFlight(AvalaSandbox sandbox) throws Exception {
		// given: slow storage, so that the kill lands mid-upload
		Map<String, String> md5s = TestJobs.files(this.folder, 40, 300);
		sandbox.faults().set("PUT storage", FaultRule.none().withLatency(Duration.ofMillis(150)));
		// when
		killWhen(sandbox, (s) -> (int) s.filePuts(), 12);
		sandbox.faults().clear();
		// then
		ChildPipeline resumed = restartAndExpectSuccess(sandbox);
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
		Map<String, StoredFile> stored = SandboxAssertions.storedFiles(sandbox);
		assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(md5s.keySet());
		md5s.forEach((name, md5) -> assertThat(stored.get(name).md5Hex()).as(name).isEqualTo(md5));
		long uploadedTwice = stored.values().stream().filter((f) -> f.putCount() > 1).count();
		assertThat(uploadedTwice).as("files uploaded twice").isLessThanOrEqualTo(CONCURRENCY);
		assertThat(resumed.output(2)).contains("recovering it");
	}

	@Test
	void killedAfterCreatingTheDatasetBeforeHearingBack(AvalaSandbox sandbox) throws Exception {
		killBetweenCreateAndAnswer(sandbox, "POST /datasets/manual-upload/", SandboxStats::datasets);
	}

	@Test
	void killedAfterCloningBeforeHearingBack(AvalaSandbox sandbox) throws Exception {
		killBetweenCreateAndAnswer(sandbox, "POST /projects/create-from-existing/", SandboxStats::projects);
	}

	@Test
	void killedAfterApprovingBeforeHearingBack(AvalaSandbox sandbox) throws Exception {
		killBetweenCreateAndAnswer(sandbox, "POST /projects/{uid}/approve/", SandboxStats::approvals);
	}

	@Test
	void killedAfterCreatingTheExportBeforeHearingBack(AvalaSandbox sandbox) throws Exception {
		killBetweenCreateAndAnswer(sandbox, "POST /exports/", SandboxStats::exports);
	}

	@Test
	void sigtermStopsAtASafePointAndTheSameCommandResumes(AvalaSandbox sandbox) throws Exception {
		// given: annotation that would take hours, so the run is waiting when the signal comes
		TestJobs.files(this.folder, 4, 100);
		sandbox.clock().setSpeed(1);
		Path jobFile = TestJobs.jobFile(this.folder, "sigterm", sandbox.templateProjectUid());
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		Process process = child.start("run", jobFile.toString(), "runDate=2026-10-11", "poll.interval=30s", "poll.maxInterval=60s");
		await().atMost(Duration.ofMinutes(2))
			.until(() -> child.output(1).contains("AwaitCompletionTasklet") || !process.isAlive());
		// when
		process.destroy();
		// then
		assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(child.output(1)).isEqualTo(7);
		assertThat(child.output(1)).contains("stop requested (SIGTERM)", "run stopped at step awaitCompletion");
		sandbox.clock().setSpeed(36_000);
		assertThat(child.run("run", jobFile.toString(), "runDate=2026-10-11", "poll.interval=100ms"))
			.as(child.output(2))
			.isZero();
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
	}

	private void killBetweenCreateAndAnswer(AvalaSandbox sandbox, String route, ToIntFunction<SandboxStats> created)
			throws Exception {
		// given: the server acts, then holds the answer long enough to kill the client
		TestJobs.files(this.folder, 6, 200);
		sandbox.faults()
			.set(route, FaultRule.none().withFailFirst(1).withFailAfterEffect(true).withLatency(Duration.ofSeconds(20)));
		// when
		killWhen(sandbox, created, 1);
		sandbox.faults().clear();
		// then
		restartAndExpectSuccess(sandbox);
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
		assertThat(SandboxAssertions.storedFiles(sandbox)).hasSize(6);
	}

	private void killWhen(AvalaSandbox sandbox, ToIntFunction<SandboxStats> counter, int atLeast) throws Exception {
		Path jobFile = TestJobs.jobFile(this.folder, "crash", sandbox.templateProjectUid(),
				"upload:\n  concurrency: " + CONCURRENCY + "\n  maxConcurrency: " + CONCURRENCY);
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		Process process = child.start("run", jobFile.toString(), "runDate=2026-10-10");
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> counter.applyAsInt(sandbox.stats()) >= atLeast || !process.isAlive());
		assertThat(process.isAlive()).as("child still running when killed:\n" + child.output(1)).isTrue();
		process.destroyForcibly().waitFor();
		this.child = child;
	}

	private ChildPipeline child;

	private ChildPipeline restartAndExpectSuccess(AvalaSandbox sandbox) throws Exception {
		Path jobFile = this.folder.resolve("crash.yml");
		int exit = this.child.run("run", jobFile.toString(), "runDate=2026-10-10");
		assertThat(exit).as(this.child.output(2)).isZero();
		assertThat(this.child.output(2)).contains("was left STARTED by a process that died");
		return this.child;
	}

}
