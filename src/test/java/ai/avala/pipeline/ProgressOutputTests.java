package ai.avala.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress of long work as an operator reading the log of a cron run sees it (output is not a terminal here):
 * a line every {@code avala.pipeline.progress-interval} while an upload or the export download lasts.
 */
@ExtendWith({ SandboxExtension.class, OutputCaptureExtension.class })
class ProgressOutputTests {

	@TempDir
	Path folder;

	@Test
	void aLongUploadAndDownloadLogProgressLinesWithCountsAndPercent(AvalaSandbox sandbox, CapturedOutput output) {
		// given: slow storage and two uploads at a time, so the upload outlasts several 200 ms intervals; a slow
		// download too
		TestJobs.files(this.folder, 40, 1000);
		Path job = TestJobs.jobFile(this.folder, "slow", sandbox.templateProjectUid(), "upload:", "  concurrency: 2",
				"  maxConcurrency: 2");
		FaultRule slow = FaultRule.none().withLatency(Duration.ofMillis(100));
		sandbox.faults().set("PUT storage", slow);
		sandbox.faults().set("POST storage", slow);
		sandbox.faults().set("GET download", FaultRule.none().withLatency(Duration.ofMillis(1000)));
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", job.toString(), "runDate=2026-11-20", "--avala.pipeline.progress-interval=200ms");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<String> uploads = output.getOut().lines().filter((l) -> l.contains("Uploading to dataset slow-")).toList();
		assertThat(uploads).isNotEmpty()
			.allMatch((l) -> l.matches(".*: \\d+/40 files, .* \\(\\d{1,3}%\\), \\d+ files/s, .*B/s, ETA .*"));
		assertThat(output.getOut()).containsPattern("Downloading export \\S+: .* \\(\\d{1,3}%\\), .*B/s, ETA");
	}

	@Test
	void quickWorkShowsNoProgressLine(AvalaSandbox sandbox, CapturedOutput output) {
		// given
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "quick", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", job.toString(), "--avala.pipeline.progress-interval=1h");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(output.getOut()).doesNotContain("Uploading to dataset", "Downloading export");
	}

	@Test
	void aBadProgressIntervalIsRefusedInOneLine(AvalaSandbox sandbox) {
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("status", "--avala.pipeline.progress-interval=10ms");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().strip()).startsWith("avala-pipeline: ")
			.contains("avala.pipeline.progress-interval must be between 100ms and 1h")
			.doesNotContain("\n");
	}

}
