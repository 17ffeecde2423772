package ai.avala.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preflight, as a user meets it: {@code check}, {@code run --dry-run} and the checks every {@code run} makes
 * before its first side effect, against the sandbox. Every problem is reported in one pass; a refused run creates
 * nothing (the sandbox's counts, and no request but reads).
 */
@ExtendWith(SandboxExtension.class)
class PreflightTests {

	private static final Set<String> ALL_SCOPES = Set.of("datasets.read", "datasets.write", "projects.read",
			"projects.write", "exports.create", "work_batches.read");

	@TempDir
	Path folder;

	@Test
	void checkPassesOnAGoodJobWithReadsOnlyAndNamesWhatOnlyAWriteCanTell(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "good", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = run(sandbox, "check", job.toString(), "runDate=2026-12-01");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).containsPattern("job file +ok")
			.containsPattern("manifest +ok +3 files")
			.containsPattern("API key +ok")
			.containsPattern("plan +ok .*PRO")
			.containsPattern("template +ok +" + sandbox.templateProjectUid())
			.containsPattern("task type +ok +image_annotation fits dataType images")
			.containsPattern("scope datasets.read +ok")
			.containsPattern("scope projects.read +ok")
			.containsPattern("scope work_batches.read +ok")
			.containsPattern("scope datasets.write +unknown until first write")
			.containsPattern("scope projects.write +unknown until first write")
			.containsPattern("scope exports.create +unknown until first write");
		assertThat(result.err()).isEmpty();
		assertOnlyReads(sandbox);
	}

	@Test
	void aPlaceholderTemplateAndAFreePlanAreBothReportedAndTheRunCreatesNothing(AvalaSandbox sandbox) {
		// given: the demo's placeholder template, and a key of an organisation on the FREE plan
		TestJobs.files(this.folder, 3, 100);
		Path job = TestJobs.jobFile(this.folder, "placeholder", "replace-with-your-template-project-uid");
		PipelineRun user = withKey(sandbox, sandbox.createKey(Set.of(), "FREE", false));
		// when
		PipelineRun.Result result = user.execute("run", job.toString(), "runDate=2026-12-01");
		// then: exit 4 in one line naming both problems; nothing created, no execution recorded
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.err().lines()).as(result.toString()).hasSize(1);
		assertThat(result.err()).startsWith("avala-pipeline: preflight refused run placeholder 2026-12-01")
			.contains("nothing was created", "2 problem(s)", "template: replace-with-your-template-project-uid not "
					+ "found (HTTP 404): it looks like a placeholder", "plan: ", "FREE plan", "PRO or ENTERPRISE")
			.doesNotContain("\tat ");
		assertThat(sandbox.stats().datasets()).isZero();
		assertThat(sandbox.stats().projects()).isZero();
		assertOnlyReads(sandbox);
		assertThat(user.execute("status").out()).contains("No runs yet.");
	}

	@Test
	void aFixedTemplateRunsAsANewStartNotARefusedRestart(AvalaSandbox sandbox) {
		// given: a run refused for its template
		TestJobs.files(this.folder, 2, 10);
		Path job = TestJobs.jobFile(this.folder, "fixed", "00000000-0000-0000-0000-000000000000");
		assertThat(run(sandbox, "run", job.toString(), "runDate=2026-12-01").exitCode()).isEqualTo(4);
		// when: the job file is fixed and the same command runs again
		TestJobs.jobFile(this.folder, "fixed", sandbox.templateProjectUid());
		PipelineRun.Result result = run(sandbox, "run", job.toString(), "runDate=2026-12-01");
		// then: it runs (no "templateProjectUid changed since this run started")
		assertThat(result.exitCode()).as(result.toString()).isZero();
	}

	@Test
	void checkOfACompletedRunChecksTheJobFileAsANewRunAndFindsItsPlaceholderTemplate(AvalaSandbox sandbox) {
		// given: a run completed today, then the job file edited (a placeholder template, as for the next date)
		TestJobs.files(this.folder, 2, 10);
		Path job = TestJobs.jobFile(this.folder, "done", sandbox.templateProjectUid());
		assertThat(run(sandbox, "run", job.toString(), "runDate=2026-12-01").exitCode()).isZero();
		TestJobs.jobFile(this.folder, "done", "replace-with-your-template-project-uid");
		// when
		PipelineRun.Result result = run(sandbox, "check", job.toString(), "runDate=2026-12-01");
		// then: not "templateProjectUid changed since this run started" (run would do nothing), but the template
		assertThat(result.out()).contains("Run done 2026-12-01 already completed (execution ",
				"'run' would do nothing for this runDate; checking the job file as a new run")
			.containsPattern("job file +ok")
			.containsPattern("template +FAILED +replace-with-your-template-project-uid not found");
		assertThat(result.out() + result.err()).doesNotContain("changed since this run started");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
	}

	@Test
	void aFreePlanKeyIsRefusedByCheck(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		Path job = TestJobs.jobFile(this.folder, "free", sandbox.templateProjectUid());
		PipelineRun.Result result = withKey(sandbox, sandbox.createKey(ALL_SCOPES, "FREE", false)).execute("check",
				job.toString());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.out()).containsPattern("plan +FAILED +organisation .* is on the FREE plan");
		assertThat(result.err()).startsWith("avala-pipeline: check found 1 problem(s): plan: ");
	}

	@Test
	void aKeyWithoutProjectsReadIsReportedAndAMissingWorkBatchesScopeOnlyWarned(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 2, 10);
		Path job = TestJobs.jobFile(this.folder, "scopes", sandbox.templateProjectUid());
		Set<String> scopes = new HashSet<>(ALL_SCOPES);
		scopes.removeAll(Set.of("projects.read", "work_batches.read"));
		// when
		PipelineRun.Result result = withKey(sandbox, sandbox.createKey(scopes, "PRO", false)).execute("check",
				job.toString());
		// then
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
		assertThat(result.out()).containsPattern("scope projects.read +FAILED +missing")
			.containsPattern("scope work_batches.read +warning +missing .*metrics only")
			.containsPattern("scope datasets.read +ok");
	}

	@Test
	void aTemplateForAnotherKindOfDataIsRefusedAndAnUnknownTaskTypePasses(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		Path lidar = TestJobs.jobFile(this.folder, "lidar", sandbox.addTemplate("Lidar", "lidar_cuboid"));
		Path unknown = TestJobs.jobFile(this.folder, "odd", sandbox.addTemplate("Odd", "rubric_review"));
		PipelineRun.Result refused = run(sandbox, "check", lidar.toString());
		PipelineRun.Result passed = run(sandbox, "check", unknown.toString());
		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
		assertThat(refused.out()).containsPattern("task type +FAILED +the template's task type lidar_cuboid is for "
				+ "point cloud data, not dataType images");
		assertThat(passed.exitCode()).as(passed.toString()).isZero();
		assertThat(passed.out()).containsPattern("task type +ok +rubric_review: not a task type this tool knows");
	}

	@Test
	void badInputAndABadTemplateAreReportedInOnePassAsBadInput(AvalaSandbox sandbox) throws IOException {
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size\nmissing.bin,5\n");
		Path job = TestJobs.jobFile(this.folder, "both", "00000000-0000-0000-0000-000000000000");
		PipelineRun.Result result = run(sandbox, "check", job.toString());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
		assertThat(result.out()).containsPattern("manifest +FAILED")
			.contains("manifest.csv:2: ", "missing.bin")
			.containsPattern("template +FAILED");
	}

	@Test
	void runDryRunPrintsThePlanAndSendsNoWrite(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 4, 100);
		Path job = TestJobs.jobFile(this.folder, "dry", sandbox.templateProjectUid());
		// when
		PipelineRun.Result result = run(sandbox, "run", job.toString(), "runDate=2026-12-01", "--dry-run");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("Dry run of dry 2026-12-01: a new run")
			.contains("dataset   dry-2026-12-01 (images): 4 files, 406 bytes", "upload.flow manifest")
			.contains("cloned from template " + sandbox.templateProjectUid() + " (task type image_annotation)")
			.contains("export    coco, to " + this.folder.resolve("exports/dry-2026-12-01.zip"))
			.contains("Nothing was created");
		assertOnlyReads(sandbox);
		assertThat(run(sandbox, "status").out()).contains("No runs yet.");
	}

	private static void assertOnlyReads(AvalaSandbox sandbox) {
		assertThat(sandbox.requests()).as("requests").isNotEmpty();
		assertThat(sandbox.requests()).extracting(RecordedRequest::method).containsOnly("GET");
	}

	private PipelineRun.Result run(AvalaSandbox sandbox, String... args) {
		return PipelineRun.against(sandbox, this.folder).execute(args);
	}

	private PipelineRun withKey(AvalaSandbox sandbox, String key) {
		return PipelineRun.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY", key));
	}

}
