package ai.avala.pipeline;

import java.nio.file.Path;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run <job-file> --from DATE --to DATE} against the sandbox, as Airflow's backfill: each date in turn,
 * completed dates skipped, failed ones resumed, the first failure ending it unless {@code --continue-on-failure}.
 */
@ExtendWith(SandboxExtension.class)
class BackfillTests {

	@TempDir
	Path folder;

	@Test
	void runsEachDateInTurnAndSkipsTheOneAlreadyCompleted(AvalaSandbox sandbox) {
		// given: the middle date already ran
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "bf", sandbox.templateProjectUid());
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		assertThat(run.execute("run", job.toString(), "runDate=2026-11-02").exitCode()).isZero();
		// when
		PipelineRun.Result result = run.execute("run", job.toString(), "--from", "2026-11-01", "--to", "2026-11-03");
		// then: two new runs, three exports in all
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Backfill bf 2026-11-01: completed", "Backfill bf 2026-11-02: skipped, already completed",
				"Backfill bf 2026-11-03: completed", "backfill bf 2026-11-01..2026-11-03: 2 completed, 1 skipped");
		assertThat(sandbox.stats().projects()).isEqualTo(3);
		assertThat(sandbox.stats().exports()).isEqualTo(3);
		assertThat(this.folder.resolve("exports/bf-2026-11-01.zip")).isRegularFile();
		assertThat(this.folder.resolve("exports/bf-2026-11-03.zip")).isRegularFile();
	}

	@Test
	void theFirstFailureEndsTheBackfillWithItsExitCode(AvalaSandbox sandbox) {
		// given: the first clone is refused (a 400 is never retried); later ones would succeed
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "stop", sandbox.templateProjectUid());
		sandbox.faults().set("POST /projects/create-from-existing/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", job.toString(), "--from", "2026-11-01", "--to", "2026-11-03");
		// then: the later dates did not run
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(result.out()).contains("Backfill stop 2026-11-01: failed (exit 5)")
			.doesNotContain("Backfill stop 2026-11-02", "Backfill stop 2026-11-03");
		assertThat(result.err()).contains("backfill stop 2026-11-01..2026-11-03: 0 completed, 0 skipped (already completed), "
				+ "1 failed, 2 not run; exit 5");
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
		assertThat(sandbox.stats().projects()).isZero();
	}

	@Test
	void withContinueOnFailureTheOtherDatesRunAndTheFailedOneResumesNextTime(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "goon", sandbox.templateProjectUid());
		sandbox.faults().set("POST /projects/create-from-existing/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		// when
		PipelineRun.Result first = run.execute("run", job.toString(), "--from", "2026-11-01", "--to", "2026-11-03",
				"--continue-on-failure");
		PipelineRun.Result again = run.execute("run", job.toString(), "--from", "2026-11-01", "--to", "2026-11-03");
		// then: the first pass ran the later dates and exited with the failure's code; the second resumed the failed
		// date at its clone and skipped the others
		assertThat(first.exitCode()).as(first.toString()).isEqualTo(5);
		assertThat(first.out()).contains("Backfill goon 2026-11-02: completed", "Backfill goon 2026-11-03: completed");
		assertThat(first.err()).contains("2 completed, 0 skipped (already completed), 1 failed, 0 not run; exit 5");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.out()).contains("Resuming run goon 2026-11-01", "at step cloneTemplate",
				"1 completed, 2 skipped");
		assertThat(sandbox.stats().datasets()).isEqualTo(3);
		assertThat(sandbox.stats().projects()).isEqualTo(3);
		assertThat(sandbox.stats().exports()).isEqualTo(3);
	}

	@Test
	void aRangeEndingBeforeItStartsIsRefusedInOneLine(AvalaSandbox sandbox) {
		assertRefused(sandbox, "--from 2026-11-03 is after --to 2026-11-01", "--from", "2026-11-03", "--to", "2026-11-01");
	}

	@Test
	void aRangeOfMoreThanAYearIsRefusedInOneLine(AvalaSandbox sandbox) {
		assertRefused(sandbox, "spans 367 days, more than 366", "--from", "2025-01-01", "--to", "2026-01-02");
	}

	@Test
	void aRangeWithoutItsEndIsRefusedInOneLine(AvalaSandbox sandbox) {
		assertRefused(sandbox, "--from and --to go together", "--from", "2025-01-01");
	}

	private void assertRefused(AvalaSandbox sandbox, String message, String... options) {
		TestJobs.files(this.folder, 1, 10);
		Path job = TestJobs.jobFile(this.folder, "bad", sandbox.templateProjectUid());
		String[] args = new String[options.length + 2];
		args[0] = "run";
		args[1] = job.toString();
		System.arraycopy(options, 0, args, 2, options.length);
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute(args);
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().strip()).startsWith("avala-pipeline: ").contains(message).doesNotContain("\n");
		assertThat(sandbox.stats().datasets()).isZero();
	}

}
