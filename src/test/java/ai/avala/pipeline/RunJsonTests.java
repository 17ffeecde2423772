package ai.avala.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code run --json} and {@code restart --json}, read as a script would: every stdout line is one JSON event of the
 * documented vocabulary, and what {@code status --json} shows afterwards agrees with the result event.
 */
@ExtendWith(SandboxExtension.class)
class RunJsonTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> VOCABULARY = Set.of("run.started", "step.started", "step.finished", "progress",
			"warning", "run.finished", "backfill.finished");

	private static final List<String> STEPS = List.of(AnnotationLifecycleJobConfiguration.VALIDATE_MANIFEST,
			AnnotationLifecycleJobConfiguration.CREATE_DATASET, AnnotationLifecycleJobConfiguration.UPLOAD_FILES,
			AnnotationLifecycleJobConfiguration.CLONE_TEMPLATE, AnnotationLifecycleJobConfiguration.APPROVE_PROJECT,
			AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION, AnnotationLifecycleJobConfiguration.EXPORT_RESULTS);

	@TempDir
	Path folder;

	@Test
	void aRealRunPrintsOnlyJsonEventsOnStdoutAndStatusAgreesWithItsResult(AvalaSandbox sandbox) throws Exception {
		// given: a real process, whose logs would go to stdout without --json
		TestJobs.files(this.folder, 30, 2000);
		Path job = TestJobs.jobFile(this.folder, "json", sandbox.templateProjectUid());
		// when
		ChildPipeline.Separated run = new ChildPipeline(sandbox, this.folder).runSeparately("run", job.toString(),
				"runDate=2026-11-01", "--json", "--avala.pipeline.progress-interval=100ms");
		// then: stdout is JSON only, one event per line; what people read went to stderr
		assertThat(run.exitCode()).as(run.err()).isZero();
		List<JsonNode> events = events(run.out());
		assertThat(run.err()).contains("execution 1 started", "Report: ", "INFO");
		assertThat(names(events).get(0)).isEqualTo("run.started");
		assertThat(names(events).get(events.size() - 1)).isEqualTo("run.finished");
		JsonNode started = events.get(0);
		assertThat(started.get("executionId").asLong()).isEqualTo(1);
		assertThat(started.get("name").asString()).isEqualTo("json");
		assertThat(started.get("runDate").asString()).isEqualTo("2026-11-01");
		assertThat(started.get("resumed").asBoolean()).isFalse();
		assertThat(started.get("resumeStep").isNull()).isTrue();
		assertThat(ofType(events, "step.started")).extracting((e) -> e.get("step").asString())
			.containsExactlyElementsOf(STEPS);
		assertThat(ofType(events, "step.finished")).extracting((e) -> e.get("step").asString() + " "
				+ e.get("status").asString()).containsExactlyElementsOf(STEPS.stream().map((s) -> s + " COMPLETED").toList());
		assertThat(ofType(events, "step.finished")).allSatisfy((e) -> assertThat(e.get("durationSeconds").isNumber()).isTrue());
		assertThat(ofType(events, "step.finished").get(0).get("read").asLong()).isEqualTo(30);
		List<JsonNode> waits = ofType(events, "progress").stream()
			.filter((e) -> e.get("phase").asString().equals("wait"))
			.toList();
		assertThat(waits).isNotEmpty();
		JsonNode lastWait = waits.get(waits.size() - 1);
		assertThat(lastWait.get("total").asLong()).isEqualTo(30);
		JsonNode result = events.get(events.size() - 1);
		assertThat(result.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(result.get("exitCode").asInt()).isZero();
		assertThat(result.get("failure").isNull()).isTrue();
		assertThat(Path.of(result.get("exportFile").asString())).isRegularFile();
		assertThat(Path.of(result.get("reportFile").asString())).isRegularFile();
		// and: status --json says the same, with the wait's last reading
		JsonNode status = events(PipelineRun.against(sandbox, this.folder).execute("status", "--json").out()).get(0);
		assertThat(status.get("status").asString()).isEqualTo(result.get("status").asString());
		assertThat(status.get("exportFile").asString()).isEqualTo(result.get("exportFile").asString());
		assertThat(status.get("failure").isNull()).isTrue();
		List<JsonNode> executions = status.get("executions").valueStream().toList();
		assertThat(executions.get(executions.size() - 1).get("id").asLong()).isEqualTo(result.get("executionId").asLong());
		assertThat(status.get("annotation").get("completedTasks").asLong()).isEqualTo(lastWait.get("done").asLong());
		assertThat(status.get("annotation").get("totalTasks").asLong()).isEqualTo(30);
		assertThat(status.get("annotation").get("workBatches").get("total").asInt()).isPositive();
	}

	@Test
	void aFailedRunEndsWithItsFailureAndARestartSaysWhereItResumes(AvalaSandbox sandbox) {
		// given: exports refused (400 is never retried)
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "broken", sandbox.templateProjectUid());
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		PipelineRun cli = PipelineRun.against(sandbox, this.folder);
		// when
		PipelineRun.Result failed = cli.execute("run", job.toString(), "runDate=2026-11-02", "--json");
		// then: the failed step and the result carry the failure; status --json agrees
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(5);
		List<JsonNode> events = events(failed.out());
		JsonNode lastStep = ofType(events, "step.finished").get(ofType(events, "step.finished").size() - 1);
		assertThat(lastStep.get("step").asString()).isEqualTo("exportResults");
		assertThat(lastStep.get("status").asString()).isEqualTo("FAILED");
		assertThat(lastStep.get("failure").asString()).contains("HTTP 400");
		JsonNode result = events.get(events.size() - 1);
		assertThat(result.get("event").asString()).isEqualTo("run.finished");
		assertThat(result.get("status").asString()).isEqualTo("FAILED");
		assertThat(result.get("exitCode").asInt()).isEqualTo(5);
		assertThat(result.get("failure").asString()).startsWith("step exportResults failed (execution 1)");
		assertThat(failed.err()).contains("avala-pipeline: " + result.get("failure").asString());
		JsonNode status = events(cli.execute("status", "--json").out()).get(0);
		assertThat(status.get("status").asString()).isEqualTo("FAILED");
		assertThat(result.get("failure").asString()).contains(status.get("failure").asString());
		// when: restarted by id
		PipelineRun.Result restarted = cli.execute("restart", "1", "--json");
		// then
		assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
		List<JsonNode> again = events(restarted.out());
		assertThat(again.get(0).get("event").asString()).isEqualTo("run.started");
		assertThat(again.get(0).get("resumed").asBoolean()).isTrue();
		assertThat(again.get(0).get("previousExecutionId").asLong()).isEqualTo(1);
		assertThat(again.get(0).get("resumeStep").asString()).isEqualTo("exportResults");
		assertThat(ofType(again, "step.started")).extracting((e) -> e.get("step").asString()).containsExactly("exportResults");
		assertThat(again.get(again.size() - 1).get("status").asString()).isEqualTo("COMPLETED");
	}

	@Test
	void aRunRefusedBeforeItStartsStillEndsWithAResult(AvalaSandbox sandbox) {
		// given: a template that does not exist
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "refused", "replace-with-your-template");
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", job.toString(), "runDate=2026-11-03", "--json");
		// then: one result, no execution; the preflight's lines went to stderr
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		List<JsonNode> events = events(result.out());
		assertThat(names(events)).containsExactly("run.finished");
		assertThat(events.get(0).get("status").asString()).isEqualTo("NOT_STARTED");
		assertThat(events.get(0).get("executionId").isNull()).isTrue();
		assertThat(events.get(0).get("exitCode").asInt()).isEqualTo(4);
		assertThat(events.get(0).get("failure").asString()).contains("preflight refused run refused 2026-11-03");
		assertThat(result.err()).contains("Preflight of run refused 2026-11-03");
	}

	@Test
	void aBackfillGivesEachDatesResultThenItsSummary(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 2, 100);
		Path job = TestJobs.jobFile(this.folder, "bfj", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = PipelineRun.against(sandbox, this.folder)
			.execute("run", job.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--json");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<JsonNode> events = events(result.out());
		assertThat(ofType(events, "run.finished")).extracting((e) -> e.get("runDate").asString() + " "
				+ e.get("status").asString()).containsExactly("2026-11-01 COMPLETED", "2026-11-02 COMPLETED");
		JsonNode summary = events.get(events.size() - 1);
		assertThat(summary.get("event").asString()).isEqualTo("backfill.finished");
		assertThat(summary.get("completed").asInt()).isEqualTo(2);
		assertThat(summary.get("exitCode").asInt()).isZero();
		assertThat(result.err()).contains("Backfill bfj 2026-11-01: completed");
	}

	/** Parses every line; each must be a JSON object of version 1 with a known event and a time. */
	private static List<JsonNode> events(String out) {
		List<String> lines = out.lines().toList();
		assertThat(lines).as("stdout").isNotEmpty();
		for (String line : lines) {
			assertThatNoException().as(line).isThrownBy(() -> JSON.readTree(line));
		}
		List<JsonNode> events = lines.stream().map(JSON::readTree).toList();
		assertThat(events).allSatisfy((e) -> {
			assertThat(e.isObject()).isTrue();
			if (e.has("event")) {
				assertThat(e.get("version").asInt()).isEqualTo(1);
				assertThat(VOCABULARY).contains(e.get("event").asString());
				assertThat(e.get("time").asString()).endsWith("Z");
			}
		});
		return events;
	}

	private static List<String> names(List<JsonNode> events) {
		return events.stream().map((e) -> e.get("event").asString()).toList();
	}

	private static List<JsonNode> ofType(List<JsonNode> events, String type) {
		return events.stream().filter((e) -> e.get("event").asString().equals(type)).toList();
	}

}
