package ai.avala.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.StoredFile;
import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxAssertions;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the command line as a user would, against the sandbox over real HTTP on loopback, with the job
 * repository in an H2 file (a PostgreSQL database in {@link LifecycleEndToEndPostgresTests}), and checks what the
 * sandbox recorded.
 */
@ExtendWith(SandboxExtension.class)
@OnPostgres
class LifecycleEndToEndTests {

	@TempDir
	Path folder;

	@Test
	void runsTheWholeLifecycleAndLeavesTheExport(AvalaSandbox sandbox) throws Exception {
		// given
		Map<String, String> md5s = TestJobs.files(this.folder, 24, 2048);
		Path jobFile = TestJobs.jobFile(this.folder, "e2e", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", jobFile.toString(), "runDate=2026-11-01");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Run e2e 2026-11-01 completed");
		Path export = this.folder.resolve("exports/e2e-2026-11-01.zip");
		assertThat(export).isRegularFile();
		try (ZipFile zip = new ZipFile(export.toFile())) {
			assertThat(zip.size()).isPositive();
		}
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
		assertThat(sandbox.stats().projects()).isEqualTo(1);
		assertThat(sandbox.stats().approvals()).isEqualTo(1);
		assertThat(sandbox.stats().exports()).isEqualTo(1);
		assertThat(SandboxAssertions.assertStored(sandbox, md5s).values()).allMatch((f) -> f.putCount() == 1);
	}

	@Test
	void uploadsWithTheMd5sTheManifestDeclares(AvalaSandbox sandbox) {
		// given: a manifest with an md5 column, so the upload sends each file without hashing it first
		Map<String, String> md5s = TestJobs.files(this.folder, 12, 4096);
		TestJobs.declareMd5s(this.folder, md5s, Map.of());
		Path jobFile = TestJobs.jobFile(this.folder, "md5s", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", jobFile.toString());
		// then: storage checked every declared MD5 against the bytes and stored each file once
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(SandboxAssertions.assertStored(sandbox, md5s).values()).allMatch((f) -> f.putCount() == 1);
	}

	@Test
	void keyIsNeverSentToStorage(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 5, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "nokey", sandbox.templateProjectUid());
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", jobFile.toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(sandbox.requests()).filteredOn((r) -> !r.path().startsWith("/api/v1"))
			.isNotEmpty()
			.allMatch((r) -> !r.apiKeyPresent());
	}

	@Test
	void failedCloneResumesAtThatStepWithoutRepeatingEarlierOnes(AvalaSandbox sandbox) {
		// given: every clone attempt fails until the fault is lifted
		Map<String, String> md5s = TestJobs.files(this.folder, 10, 512);
		Path jobFile = TestJobs.jobFile(this.folder, "resume", sandbox.templateProjectUid());
		sandbox.faults().set("POST /projects/create-from-existing/",
				FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		// when
		PipelineRun.Result failed = run.execute("run", jobFile.toString(), "runDate=2026-11-02");
		sandbox.faults().clear();
		PipelineRun.Result resumed = run.execute("run", jobFile.toString(), "runDate=2026-11-02");
		// then
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		assertThat(failed.err()).contains("step cloneTemplate failed", "HTTP 400", "restart");
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.out()).contains("Resuming run resume 2026-11-02");
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
		assertThat(sandbox.stats().projects()).isEqualTo(1);
		assertThat(SandboxAssertions.assertStored(sandbox, md5s).values()).allMatch((f) -> f.putCount() == 1);
	}

	@Test
	void restartByExecutionIdResumesTheFailedRun(AvalaSandbox sandbox) {
		// given: a run whose export fails until the fault is lifted
		TestJobs.files(this.folder, 4, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "byid", sandbox.templateProjectUid());
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		assertThat(run.execute("run", jobFile.toString(), "runDate=2026-11-05").exitCode()).isEqualTo(5);
		sandbox.faults().clear();
		// when
		PipelineRun.Result restarted = run.execute("restart", "1");
		// then
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		assertThat(run.execute("status", "1").out()).contains("exportResults", "FAILED");
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
	}

	@Test
	void abandonedRunIsNotResumed(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 2, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "give-up", sandbox.templateProjectUid());
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		assertThat(run.execute("run", jobFile.toString(), "runDate=2026-11-06").exitCode()).isEqualTo(5);
		// when
		PipelineRun.Result abandoned = run.execute("abandon", "1");
		PipelineRun.Result again = run.execute("restart", "1");
		// then
		assertThat(abandoned.exitCode()).as(abandoned.toString()).isZero();
		assertThat(run.execute("status", "1").out()).contains("ABANDONED");
		assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
		assertThat(again.err()).contains("abandoned");
	}

	@Test
	void lostCreateAnswersDoNotDuplicateResources(AvalaSandbox sandbox) {
		// given: each create happens on the server, but its answer is lost once
		Map<String, String> md5s = TestJobs.files(this.folder, 8, 256);
		Path jobFile = TestJobs.jobFile(this.folder, "lost", sandbox.templateProjectUid());
		FaultRule lostAnswer = FaultRule.none().withFailFirst(1).withErrorStatuses(502).withFailAfterEffect(true);
		sandbox.faults().set("POST /datasets/manual-upload/", lostAnswer);
		sandbox.faults().set("POST /projects/create-from-existing/", lostAnswer);
		sandbox.faults().set("POST /projects/{uid}/approve/", lostAnswer);
		sandbox.faults().set("POST /exports/", lostAnswer);
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", jobFile.toString());
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
		assertThat(sandbox.stats().projects()).isEqualTo(1);
		assertThat(sandbox.stats().approvals()).isEqualTo(1);
		assertThat(sandbox.stats().exports()).isEqualTo(1);
		assertThat(SandboxAssertions.storedFiles(sandbox)).hasSize(md5s.size());
	}

	@Test
	void statusListsTheRunWithItsSteps(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 3, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "stat", sandbox.templateProjectUid());
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		assertThat(run.execute("run", jobFile.toString(), "runDate=2026-11-03").exitCode()).isZero();
		PipelineRun.Result status = run.execute("status");
		assertThat(status.exitCode()).isZero();
		assertThat(status.out()).contains("run stat 2026-11-03  COMPLETED", "uploadFiles", "read 3", "exportResults");
	}

}
