package ai.avala.pipeline;

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

/** {@code history} and the {@code --json} of {@code status} and {@code history}, parsed as a script would. */
@ExtendWith(SandboxExtension.class)
class HistoryAndStatusJsonTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path folder;

	@Test
	void historyListsEachRunWithItsLastStatusFilesBytesAndExport(AvalaSandbox sandbox) {
		// given: two runs of one job, one completed and one failed, and a run of another job
		TestJobs.files(this.folder, 4, 100);
		long bytes = 4 * 100 + 6;
		Path nightly = TestJobs.jobFile(this.folder, "nightly", sandbox.templateProjectUid());
		Path other = TestJobs.jobFile(this.folder, "other", sandbox.templateProjectUid());
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		assertThat(run.execute("run", nightly.toString(), "runDate=2026-11-01").exitCode()).isZero();
		assertThat(run.execute("run", other.toString(), "runDate=2026-11-02").exitCode()).isZero();
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		assertThat(run.execute("run", nightly.toString(), "runDate=2026-11-03").exitCode()).isEqualTo(5);
		// when
		PipelineRun.Result all = run.execute("history", "--json");
		PipelineRun.Result text = run.execute("history");
		PipelineRun.Result oneJob = run.execute("history", "--job", "nightly", "--json");
		PipelineRun.Result since = run.execute("history", "--since", "2026-11-02", "--json");
		PipelineRun.Result limited = run.execute("history", "--limit", "1", "--json");
		// then: JSON Lines, newest run first
		assertThat(all.exitCode()).as(all.toString()).isZero();
		List<JsonNode> runs = lines(all);
		assertThat(runs).extracting((r) -> r.get("name").asString() + " " + r.get("runDate").asString() + " "
				+ r.get("status").asString())
			.containsExactly("nightly 2026-11-03 FAILED", "other 2026-11-02 COMPLETED", "nightly 2026-11-01 COMPLETED");
		assertThat(runs).allSatisfy((r) -> {
			assertThat(r.get("files").asLong()).isEqualTo(4);
			assertThat(r.get("filesTotal").asLong()).isEqualTo(4);
			assertThat(r.get("bytes").asLong()).isEqualTo(bytes);
			assertThat(r.get("durationSeconds").isNumber()).isTrue();
		});
		assertThat(runs.get(0).get("exportFile").isNull()).isTrue();
		assertThat(runs.get(2).get("exportFile").asString()).endsWith("nightly-2026-11-01.zip");
		assertThat(runs.get(2).get("executionIds").valueStream().map(JsonNode::asLong).toList()).containsExactly(1L);
		assertThat(text.out()).contains("nightly", "2026-11-03  FAILED", "files 4/4", "nightly-2026-11-01.zip");
		assertThat(lines(oneJob)).extracting((r) -> r.get("runDate").asString())
			.containsExactly("2026-11-03", "2026-11-01");
		assertThat(lines(since)).extracting((r) -> r.get("runDate").asString())
			.containsExactly("2026-11-03", "2026-11-02");
		assertThat(lines(limited)).hasSize(1);
	}

	@Test
	void statusJsonCarriesWhatStatusShows(AvalaSandbox sandbox) {
		// given: a completed run and a failed one
		TestJobs.files(this.folder, 3, 100);
		Path jobFile = TestJobs.jobFile(this.folder, "shown", sandbox.templateProjectUid());
		PipelineRun run = PipelineRun.against(sandbox, this.folder);
		assertThat(run.execute("run", jobFile.toString(), "runDate=2026-11-01").exitCode()).isZero();
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		assertThat(run.execute("run", jobFile.toString(), "runDate=2026-11-02").exitCode()).isEqualTo(5);
		// when
		PipelineRun.Result text = run.execute("status", "1");
		PipelineRun.Result one = run.execute("status", "1", "--json");
		PipelineRun.Result failedText = run.execute("status", "2");
		PipelineRun.Result failed = run.execute("status", "2", "--json");
		PipelineRun.Result listing = run.execute("status", "--json");
		// then: one object for one execution, with what the text shows
		assertThat(one.exitCode()).as(one.toString()).isZero();
		JsonNode status = JSON.readTree(one.out());
		JsonNode execution = status.get("execution");
		assertThat(execution.get("id").asLong()).isEqualTo(1);
		assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(execution.get("steps")).hasSize(7);
		JsonNode upload = execution.get("steps").get(2);
		assertThat(upload.get("name").asString()).isEqualTo("uploadFiles");
		assertThat(text.out()).contains(String.format("%-16s %-10s read %d  written %d  commits %d",
				upload.get("name").asString(), upload.get("status").asString(), upload.get("read").asLong(),
				upload.get("written").asLong(), upload.get("commits").asLong()));
		JsonNode shown = status.get("run");
		assertThat(shown.get("process").get("state").asString()).isEqualTo("not running");
		assertThat(text.out()).contains("process:  " + shown.get("process").get("detail").asString());
		JsonNode remote = shown.get("remote");
		assertThat(text.out()).contains("dataset " + remote.get("datasetUid").asString(),
				"project " + remote.get("projectUid").asString() + " (status completed on the Avala side)",
				"export " + remote.get("exportUid").asString(), "export:   " + shown.get("exportFile").asString());
		assertThat(remote.get("projectStatus").asString()).isEqualTo("completed");
		assertThat(shown.get("failure").isNull()).isTrue();
		JsonNode failedRun = JSON.readTree(failed.out()).get("run");
		assertThat(failedRun.get("status").asString()).isEqualTo("FAILED");
		assertThat(failedRun.get("failure").asString()).isNotBlank();
		assertThat(failedText.out()).contains("failure:  " + failedRun.get("failure").asString());
		// the listing: JSON Lines, one run per line, newest first
		assertThat(lines(listing)).extracting((r) -> r.get("runDate").asString() + " " + r.get("status").asString())
			.containsExactly("2026-11-02 FAILED", "2026-11-01 COMPLETED");
		assertThat(one.out() + listing.out()).doesNotContain(sandbox.apiKey());
	}

	private static List<JsonNode> lines(PipelineRun.Result result) {
		assertThat(result.exitCode()).as(result.toString()).isZero();
		return result.out().lines().filter((l) -> !l.isBlank()).map(JSON::readTree).toList();
	}

}
