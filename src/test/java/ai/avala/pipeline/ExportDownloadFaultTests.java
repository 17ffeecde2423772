package ai.avala.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

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
 * The export download is a remote call like the others: a store that fails it, or cuts its body short, costs a
 * retry, not the night's run.
 */
@ExtendWith(SandboxExtension.class)
class ExportDownloadFaultTests {

	@TempDir
	Path folder;

	@Test
	void aDownloadCutShortIsDownloadedAgainAndOnlyTheWholeZipLands(AvalaSandbox sandbox) throws Exception {
		// given: the first two downloads send half the zip, then drop the connection
		TestJobs.files(this.folder, 4, 2000);
		Path job = TestJobs.jobFile(this.folder, "cut", sandbox.templateProjectUid());
		sandbox.faults().set("GET download", FaultRule.none().withFailFirst(2).withErrorStatuses(0).withFailAfterEffect(true));
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", job.toString(),
				"runDate=2026-11-03");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		Path export = this.folder.resolve("exports/cut-2026-11-03.zip");
		try (ZipFile zip = new ZipFile(export.toFile())) {
			assertThat(zip.size()).isPositive();
		}
		assertThat(sandbox.requests()).filteredOn((r) -> r.path().startsWith("/downloads/")).hasSize(3);
		try (var files = Files.list(this.folder.resolve("exports"))) {
			assertThat(files).as("no partial file is left").singleElement().isEqualTo(export);
		}
		assertThat(sandbox.stats().exports()).isOne();
	}

	@Test
	void aDownloadAnswered503IsRetried(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 2, 100);
		Path job = TestJobs.jobFile(this.folder, "busy", sandbox.templateProjectUid());
		sandbox.faults().set("GET download", FaultRule.none().withFailFirst(2).withErrorStatuses(503));
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder).execute("run", job.toString());
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(sandbox.requests()).filteredOn((r) -> r.path().startsWith("/downloads/"))
			.extracting((r) -> r.status())
			.containsExactly(503, 503, 200);
	}

}
