package ai.avala.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every run leaves {@code reports/<name>-<runDate>.json} and {@code .md}: read here as a script would, against
 * what the sandbox saw.
 */
@ExtendWith(SandboxExtension.class)
class RunReportTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path folder;

	@Test
	void completedRunLeavesAReportWithItsCountsAndRemoteUidsAndNoSecret(AvalaSandbox sandbox) throws Exception {
		// given
		TestJobs.files(this.folder, 12, 1000);
		long bytes = 12 * 1000 + (11 * 12) / 2;
		Path jobFile = TestJobs.jobFile(this.folder, "reported", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", jobFile.toString(), "runDate=2026-11-01");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		Path json = this.folder.resolve("reports/reported-2026-11-01.json");
		Path md = this.folder.resolve("reports/reported-2026-11-01.md");
		assertThat(result.out()).contains("Report: " + json);
		JsonNode report = JSON.readTree(json.toFile());
		assertThat(report.get("name").asString()).isEqualTo("reported");
		assertThat(report.get("runDate").asString()).isEqualTo("2026-11-01");
		assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(report.get("exitCode").asInt()).isZero();
		assertThat(report.get("failure").isNull()).isTrue();
		assertThat(report.get("executionId").asLong()).isEqualTo(1);
		assertThat(report.get("executions")).hasSize(1);
		assertThat(report.get("steps").valueStream().map((s) -> s.get("name").asString()).toList()).containsExactly(
				"validateManifest", "createDataset", "uploadFiles", "cloneTemplate", "approveProject",
				"awaitCompletion", "exportResults");
		assertThat(report.get("steps").valueStream().map((s) -> s.get("status").asString()))
			.containsOnly("COMPLETED");
		assertThat(report.get("steps").valueStream().map((s) -> s.get("durationSeconds").isNumber()))
			.containsOnly(true);
		JsonNode uploads = report.get("uploads");
		assertThat(uploads.get("files").asLong()).isEqualTo(12);
		assertThat(uploads.get("confirmed").asLong()).isEqualTo(12);
		assertThat(uploads.get("failed").asLong()).isZero();
		assertThat(uploads.get("bytesConfirmed").asLong()).isEqualTo(bytes);
		assertThat(uploads.get("bytesPerSecond").asDouble()).isPositive();
		JsonNode remote = report.get("remote");
		assertThat(remote.get("datasetUid").asString()).isEqualTo(uidIn(sandbox, "GET", "/datasets/([^/]+)/"));
		assertThat(remote.get("projectUid").asString()).isEqualTo(uidIn(sandbox, "POST", "/projects/([^/]+)/approve/"));
		assertThat(remote.get("exportUid").asString()).isEqualTo(uidIn(sandbox, "GET", "/exports/([^/]+)/"));
		assertThat(report.get("exportFile").asString()).endsWith("reported-2026-11-01.zip");
		String summary = Files.readString(md);
		assertThat(summary).contains("# Run reported 2026-11-01: COMPLETED (exit 0)", "12 of 12 files",
				remote.get("projectUid").asString(), "| uploadFiles | 1 | COMPLETED |");
		for (Path file : List.of(json, md)) {
			String text = Files.readString(file, StandardCharsets.UTF_8);
			assertThat(text).as(file.toString()).doesNotContain(sandbox.apiKey()).doesNotContainIgnoringCase("signature");
		}
		assertThat(Files.list(this.folder.resolve("reports"))).as("no temporary file left").hasSize(2);
	}

	@Test
	void failedRunsReportCarriesItsExitCodeAndFailureAndALaterExecutionOverwritesIt(AvalaSandbox sandbox)
			throws Exception {
		// given: a run whose export is refused until the fault is lifted
		TestJobs.files(this.folder, 3, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "refused", sandbox.templateProjectUid());
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		Path json = this.folder.resolve("reports/refused-2026-11-02.json");
		// when
		PipelineRun.Result failed = run.execute("run", jobFile.toString(), "runDate=2026-11-02");
		JsonNode failedReport = JSON.readTree(json.toFile());
		String failedSummary = Files.readString(this.folder.resolve("reports/refused-2026-11-02.md"));
		sandbox.faults().clear();
		PipelineRun.Result resumed = run.execute("run", jobFile.toString(), "runDate=2026-11-02");
		JsonNode resumedReport = JSON.readTree(json.toFile());
		// then
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		assertThat(failedReport.get("status").asString()).isEqualTo("FAILED");
		assertThat(failedReport.get("exitCode").asInt()).isEqualTo(5);
		assertThat(failedReport.get("failure").asString()).startsWith("step exportResults failed (execution 1)")
			.contains("HTTP 400");
		assertThat(failed.err()).contains(failedReport.get("failure").asString());
		assertThat(failedSummary).contains("FAILED (exit 5)", "- failure: step exportResults failed");
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumedReport.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(resumedReport.get("exitCode").asInt()).isZero();
		assertThat(resumedReport.get("executionId").asLong()).isEqualTo(2);
		assertThat(resumedReport.get("executions").valueStream().map((e) -> e.get("status").asString()).toList())
			.containsExactly("FAILED", "COMPLETED");
		// the steps the resumed execution skipped are reported from the execution that ran them
		assertThat(resumedReport.get("steps").get(0).get("executionId").asLong()).isEqualTo(1);
		assertThat(resumedReport.get("steps").get(6).get("executionId").asLong()).isEqualTo(2);
		assertThat(resumedReport.get("uploads").get("confirmed").asLong()).isEqualTo(3);
	}

	private static String uidIn(AvalaSandbox sandbox, String method, String path) {
		Pattern pattern = Pattern.compile("/api/v1" + path);
		return sandbox.requests()
			.stream()
			.filter((r) -> r.method().equals(method))
			.map((r) -> pattern.matcher(r.path()))
			.filter(Matcher::matches)
			.map((m) -> m.group(1))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + method + " " + path + " in the sandbox's requests"));
	}

}
