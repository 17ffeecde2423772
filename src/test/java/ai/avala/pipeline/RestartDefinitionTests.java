package ai.avala.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxAssertions;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run keeps the definition it started with: editing or deleting the job file between a failure and the restart
 * cannot change what the run creates. Operational keys (polling, upload concurrency) may change on a restart;
 * a changed identity key is refused in one line before anything is sent.
 */
@ExtendWith(SandboxExtension.class)
class RestartDefinitionTests {

	private static final Pattern EXECUTION = Pattern.compile("\\(execution (\\d+)\\)");

	@TempDir
	Path folder;

	@Test
	void aChangedExportFormatIsRefusedOnRestartBeforeAnythingIsSent(AvalaSandbox sandbox) throws IOException {
		// given: the export is created but its answer is lost, and the look-up fails: the run stops with the
		// export sent and not yet found again
		TestJobs.files(this.folder, 4, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "frozen", sandbox.templateProjectUid());
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1).withFailAfterEffect(true));
		sandbox.faults().set("GET /exports/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		PipelineRun.Result failed = run.execute("run", jobFile.toString(), "runDate=2026-12-01");
		sandbox.faults().clear();
		Files.writeString(jobFile, Files.readString(jobFile).replace("format: coco", "format: yolo"));
		int requestsBefore = sandbox.requests().size();
		// when
		PipelineRun.Result rerun = run.execute("run", jobFile.toString(), "runDate=2026-12-01");
		PipelineRun.Result restarted = run.execute("restart", executionId(failed));
		// then
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(3);
		assertThat(rerun.err()).hasLineCount(1)
			.contains(jobFile + ": export.format changed since this run started: recorded 'coco', now 'yolo'",
					"runDate");
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(3);
		assertThat(restarted.err()).contains("export.format changed since this run started");
		assertThat(sandbox.requests()).as("requests after the edit").hasSize(requestsBefore);
		assertThat(sandbox.stats().exports()).isEqualTo(1);
	}

	@Test
	void aRestartWaitsWithTheFrozenDefinitionWhenTheJobFileIsGone(AvalaSandbox sandbox) throws IOException {
		// given: a run that failed at approval, whose job file is then deleted
		TestJobs.files(this.folder, 4, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "gone", sandbox.templateProjectUid());
		sandbox.faults().set("POST /projects/{uid}/approve/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		PipelineRun.Result failed = run.execute("run", jobFile.toString(), "runDate=2026-12-02");
		sandbox.faults().clear();
		Files.delete(jobFile);
		// when
		PipelineRun.Result restarted = run.execute("restart", executionId(failed));
		// then
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
		assertThat(this.folder.resolve("exports/gone-2026-12-02.zip")).isRegularFile();
	}

	@Test
	void aRestartMayOverrideThePollTimeout(AvalaSandbox sandbox) {
		// given: a run that failed at approval, and annotation that now takes hours
		TestJobs.files(this.folder, 4, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "override", sandbox.templateProjectUid());
		sandbox.faults().set("POST /projects/{uid}/approve/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		PipelineRun.Result failed = run.execute("run", jobFile.toString(), "runDate=2026-12-03");
		sandbox.faults().clear();
		sandbox.clock().setSpeed(1);
		// when: the restart overrides the job file's 1m timeout
		PipelineRun.Result restarted = run.execute("run", jobFile.toString(), "runDate=2026-12-03", "poll.timeout=300ms");
		// then
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		assertThat(restarted.exitCode()).as(restarted.toString()).isEqualTo(6);
		assertThat(restarted.err()).contains("timed out after PT0.3S");
	}

	private static String executionId(PipelineRun.Result result) {
		Matcher matcher = EXECUTION.matcher(result.err());
		assertThat(matcher.find()).as(result.toString()).isTrue();
		return matcher.group(1);
	}

}
