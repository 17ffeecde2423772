package ai.avala.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per row of the README's error catalogue: each mistake a user can make gives its exit code and
 * one line naming the input, without a stack trace; input errors are found before any API call.
 */
@ExtendWith(SandboxExtension.class)
class ErrorCatalogueTests {

	private static final Set<String> ALL_SCOPES = Set.of("datasets.read", "datasets.write", "projects.read",
			"projects.write", "exports.create", "work_batches.read");

	@TempDir
	Path folder;

	// --- configuration (exit 2) ---

	@Test
	void missingApiKey(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		PipelineRun.Result result = PipelineRun.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl()))
			.execute("run", job(sandbox).toString());
		assertOneLine(result, 2, "AVALA_API_KEY is not set");
		assertThat(sandbox.requests()).isEmpty();
	}

	@Test
	void badRunDate(AvalaSandbox sandbox) {
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString(), "runDate=yesterday");
		assertOneLine(result, 2, "runDate 'yesterday' is not a date");
	}

	@Test
	void badHistorySince(AvalaSandbox sandbox) {
		PipelineRun.Result result = run(sandbox, "history", "--since", "yesterday");
		assertOneLine(result, 2, "--since 'yesterday' is not a date; write it as yyyy-MM-dd");
	}

	@ParameterizedTest
	@ValueSource(strings = { "--avala.api-key=", "--avala.apiKey=", "--avala.api_key=", "--avala.apikey=",
			"--AVALA_API_KEY=", "--avala.API-KEY=", "--Avala.ApiKey=", "--avala[api-key]=", "-Davala.api-key=" })
	void apiKeyOnTheCommandLineIsRefusedInEverySpellingSpringWouldBindWithoutEchoingIt(String spelling,
			AvalaSandbox sandbox) {
		String value = "avk_never_echo_" + Math.abs(spelling.hashCode());
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString(), spelling + value);
		assertOneLine(result, 2, "do not pass the API key on the command line", "set AVALA_API_KEY instead");
		assertThat(result.out() + result.err()).doesNotContain(value);
		assertThat(sandbox.requests()).isEmpty();
	}

	@Test
	void apiKeyAsASeparateArgumentIsRefusedWithoutEchoingIt(AvalaSandbox sandbox) {
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString(), "--avala.apiKey", "avk_separate");
		assertOneLine(result, 2, "(avala.apiKey)", "set AVALA_API_KEY instead");
		assertThat(result.out() + result.err()).doesNotContain("avk_separate");
	}

	@Test
	void webhookSecretOnTheCommandLineIsRefusedInARelaxedSpellingWithoutEchoingIt(AvalaSandbox sandbox) {
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString(), "--avala.webhook.Secret=whsec_echo");
		assertOneLine(result, 2, "set AVALA_WEBHOOK_SECRET instead");
		assertThat(result.out() + result.err()).doesNotContain("whsec_echo");
	}

	@Test
	void stopOfAnUnknownExecution(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "stop", "999"), 2, "no execution 999 in the job repository; 'status' lists them");
	}

	@Test
	void abandonOfAnUnknownExecution(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "abandon", "999"), 2, "no execution 999 in the job repository; 'status' lists them");
	}

	@Test
	void statusOfAnUnknownExecution(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "status", "999"), 2, "no execution 999 in the job repository; 'status' lists them");
	}

	@Test
	void restartOfAnUnknownExecutionSaysSoBeforeAskingForTheKey(AvalaSandbox sandbox) {
		PipelineRun.Result result = PipelineRun.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl()))
			.execute("restart", "999");
		assertOneLine(result, 2, "no execution 999 in the job repository; 'status' lists them");
	}

	@Test
	void abandonOfACompletedRun(AvalaSandbox sandbox) {
		// given
		TestJobs.files(this.folder, 2, 10);
		PipelineRun.Result completed = run(sandbox, "run", job(sandbox).toString());
		assertThat(completed.exitCode()).as(completed.toString()).isZero();
		String id = completed.out().replaceAll("(?s).*completed \\(execution (\\d+)\\).*", "$1");
		// when
		PipelineRun.Result result = run(sandbox, "abandon", id);
		// then
		assertOneLine(result, 2, "execution " + id + " is COMPLETED; only a stopped, failed or crashed execution can "
				+ "be abandoned");
	}

	@Test
	void sandboxClockSpeedNotAbove0(AvalaSandbox sandbox) {
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString(), "--sandbox", "--sandbox-clock-speed=-5");
		assertOneLine(result, 2, "--sandbox-clock-speed must be a number above 0", "was -5.0");
	}

	@Test
	void sandboxPortOutOfRange(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "sandbox", "--port=-1"), 2, "--port must be 0..65535", "was -1");
	}

	@Test
	void statusLimitBelow1(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "status", "--limit=0"), 2, "--limit must be at least 1", "was 0");
	}

	@Test
	void leaseTtlOutOfRange(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "status", "--avala.pipeline.lease-ttl=0s"), 2,
				"avala.pipeline.lease-ttl must be between 1s and 1h");
	}

	// --- refused by the API (exit 4) ---

	@Test
	void unknownApiKey(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		PipelineRun.Result result = runWithKey(sandbox, "avk_not_a_key");
		assertOneLine(result, 4, "Invalid API key.", "HTTP 401", "check AVALA_API_KEY");
		assertThat(result.err()).doesNotContain("avk_not_a_key");
	}

	@Test
	void expiredApiKey(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		PipelineRun.Result result = runWithKey(sandbox, sandbox.createKey(ALL_SCOPES, "PRO", true));
		assertOneLine(result, 4, "API key has expired.");
	}

	@Test
	void keyWithoutANeededScopeNamesTheScope(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		Set<String> scopes = new java.util.HashSet<>(ALL_SCOPES);
		scopes.remove("datasets.write");
		PipelineRun.Result result = runWithKey(sandbox, sandbox.createKey(scopes, "PRO", false));
		assertOneLine(result, 4, "scope_required", "datasets.write");
	}

	@Test
	void planTooLow(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		PipelineRun.Result result = runWithKey(sandbox, sandbox.createKey(ALL_SCOPES, "STARTER", false));
		assertOneLine(result, 4, "plan_insufficient", "PRO or ENTERPRISE");
	}

	@Test
	void unknownTemplate(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		Path job = TestJobs.jobFile(this.folder, "tpl", "00000000-0000-0000-0000-000000000000");
		PipelineRun.Result result = run(sandbox, "run", job.toString());
		assertOneLine(result, 4, "HTTP 404", "templateProjectUid");
	}

	@Test
	void preflightRefusesABadTemplateAndAPlanTooLowTogetherBeforeAnySideEffect(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		Path job = TestJobs.jobFile(this.folder, "tpl", "00000000-0000-0000-0000-000000000000");
		PipelineRun.Result result = PipelineRun
			.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY",
					sandbox.createKey(ALL_SCOPES, "FREE", false)))
			.execute("run", job.toString());
		assertOneLine(result, 4, "preflight refused run tpl ", "nothing was created", "2 problem(s)",
				"template: 00000000-0000-0000-0000-000000000000 not found (HTTP 404)", "plan: ", "FREE plan");
		assertNothingWritten(sandbox);
	}

	@Test
	void pauseOfAProjectWhoseStatusDoesNotAllowIt(AvalaSandbox sandbox) {
		// given: a completed run, whose project is completed
		TestJobs.files(this.folder, 2, 10);
		PipelineRun.Result completed = run(sandbox, "run", job(sandbox).toString());
		assertThat(completed.exitCode()).as(completed.toString()).isZero();
		// when
		PipelineRun.Result result = run(sandbox, "pause", job(sandbox).toString());
		// then
		assertOneLine(result, 2, "cannot pause project ", "(catalogue-", "it is completed (HTTP 400: ",
				"only an active project can be paused");
	}

	@Test
	void pauseOfARunThatHasNoProjectYet(AvalaSandbox sandbox) {
		// given: a run that failed before cloning its template (its key cannot create datasets)
		TestJobs.files(this.folder, 2, 10);
		Set<String> scopes = new java.util.HashSet<>(ALL_SCOPES);
		scopes.remove("datasets.write");
		assertThat(runWithKey(sandbox, sandbox.createKey(scopes, "PRO", false)).exitCode()).isEqualTo(4);
		// when
		PipelineRun.Result result = run(sandbox, "pause", job(sandbox).toString());
		// then
		assertOneLine(result, 2, "run catalogue ", "has no project yet", "nothing to pause");
	}

	@Test
	void cancelOfARunNotInTheJobRepository(AvalaSandbox sandbox) {
		assertOneLine(run(sandbox, "cancel", job(sandbox).toString(), "runDate=2026-01-02"), 2,
				"no run catalogue 2026-01-02 in the job repository");
	}

	// --- bad input (exit 3), found before any API write ---

	@Test
	void manifestMissing(AvalaSandbox sandbox) {
		assertBadInput(sandbox, "manifest.csv");
	}

	@Test
	void manifestEmpty(AvalaSandbox sandbox) throws IOException {
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size\n");
		assertBadInput(sandbox, "no entries");
	}

	@Test
	void malformedCsvNamesLineAndColumn(AvalaSandbox sandbox) throws IOException {
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size\na.bin,12\nb.bin,twelve\n");
		assertBadInput(sandbox, "manifest.csv:3:2");
	}

	@Test
	void malformedJsonLinesNamesLineAndColumn(AvalaSandbox sandbox) throws IOException {
		Files.writeString(this.folder.resolve("manifest.jsonl"), "{\"path\": \"a.bin\", \"size\": 1}\n{\"path\": \"b.bin\", size: 2}\n");
		Path job = TestJobs.jobFile(this.folder, "jsonl", sandbox.templateProjectUid());
		Files.writeString(job, Files.readString(job).replace("manifest.csv", "manifest.jsonl"));
		PipelineRun.Result result = run(sandbox, "run", job.toString());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
		assertThat(result.err()).contains("manifest.jsonl:2:");
		assertNothingWritten(sandbox);
	}

	@Test
	void fileMissing(AvalaSandbox sandbox) throws IOException {
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size\nnot-there.bin,5\n");
		assertBadInput(sandbox, "manifest.csv:2", "not-there.bin", "does not exist");
	}

	@Test
	void sizeMismatch(AvalaSandbox sandbox) throws IOException {
		Files.write(this.folder.resolve("a.bin"), new byte[10]);
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size\na.bin,11\n");
		assertBadInput(sandbox, "manifest.csv:2", "a.bin");
	}

	@Test
	void duplicateName(AvalaSandbox sandbox) throws IOException {
		Files.write(this.folder.resolve("a.bin"), new byte[3]);
		Files.write(this.folder.resolve("b.bin"), new byte[3]);
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size,name\na.bin,3,x.bin\nb.bin,3,x.bin\n");
		assertBadInput(sandbox, "manifest.csv:3", "x.bin");
	}

	@Test
	void nameWithDotDotOrLeadingSlash(AvalaSandbox sandbox) throws IOException {
		Files.write(this.folder.resolve("a.bin"), new byte[3]);
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size,name\na.bin,3,../x.bin\na.bin,3,/y.bin\n");
		assertBadInput(sandbox, "manifest.csv:2", "manifest.csv:3");
	}

	@Test
	void malformedMd5(AvalaSandbox sandbox) throws IOException {
		Files.write(this.folder.resolve("a.bin"), new byte[3]);
		Files.writeString(this.folder.resolve("manifest.csv"), "path,size,md5\na.bin,3,not-an-md5\n");
		assertBadInput(sandbox, "manifest.csv:2", "md5", "32 hexadecimal digits");
	}

	@Test
	void declaredMd5DoesNotMatchTheFile(AvalaSandbox sandbox) {
		// given: the manifest's md5 of one file is wrong (the file is not what the manifest says)
		Map<String, String> md5s = TestJobs.files(this.folder, 3, 64);
		String wrong = "0".repeat(32);
		TestJobs.declareMd5s(this.folder, md5s, Map.of("files/frame_0001.bin", wrong));
		// when
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString());
		// then: bad input, naming the file and both MD5s; storage refused the declared MD5, nothing else failed
		assertOneLine(result, 3, "frame_0001.bin", "has MD5 " + md5s.get("files/frame_0001.bin"),
				"not the declared " + wrong, "correct the manifest's md5");
		assertThat(sandbox.requests()).filteredOn((r) -> r.method().equals("PUT"))
			.extracting((r) -> r.status())
			.containsExactlyInAnyOrder(200, 400, 200);
	}

	@Test
	void jobFileWithUnknownKey(AvalaSandbox sandbox) throws IOException {
		assertBadJobFile(sandbox, "exprot:\n  format: coco\n", "unknown key 'exprot.format'");
	}

	@Test
	void jobFileWithWrongType(AvalaSandbox sandbox) throws IOException {
		assertBadJobFile(sandbox, "upload:\n  concurrency: lots\n", "upload.concurrency 'lots' is not a whole number");
	}

	@Test
	void jobFileWithBadDuration(AvalaSandbox sandbox) throws IOException {
		assertBadJobFile(sandbox, "poll:\n  timeout: forever\n", "poll.timeout 'forever' is not a duration");
	}

	// --- remote failures (exit 5) and time-outs (exit 6) ---

	@Test
	void exportFailed(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		sandbox.setFailNewExports(true);
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString());
		assertOneLine(result, 5, "exportResults", "failed on the Avala side", "restart");
	}

	@Test
	void waitingTimesOut(AvalaSandbox sandbox) {
		TestJobs.files(this.folder, 2, 10);
		sandbox.clock().setSpeed(1);
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString(), "poll.timeout=300ms");
		assertOneLine(result, 6, "timed out after PT0.3S", "raise poll.timeout");
	}

	private void assertBadInput(AvalaSandbox sandbox, String... expected) {
		PipelineRun.Result result = run(sandbox, "run", job(sandbox).toString());
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
		assertThat(result.err()).contains(expected).doesNotContain("\tat ");
		assertThat(result.err().lines().reduce((a, b) -> b).orElseThrow()).startsWith("avala-pipeline: ");
		assertNothingWritten(sandbox);
	}

	/** Found by the preflight, which reads (key, plan, template, scopes) but never writes. */
	private static void assertNothingWritten(AvalaSandbox sandbox) {
		assertThat(sandbox.requests()).as("API calls").extracting((r) -> r.method()).containsOnly("GET");
		assertThat(sandbox.stats().datasets()).as("datasets").isZero();
	}

	private void assertBadJobFile(AvalaSandbox sandbox, String yaml, String expected) throws IOException {
		Path job = job(sandbox);
		Files.writeString(job, Files.readString(job) + yaml);
		PipelineRun.Result result = run(sandbox, "run", job.toString());
		assertOneLine(result, 3, expected, job.toString());
		assertThat(sandbox.requests()).as("API calls").isEmpty();
	}

	private static void assertOneLine(PipelineRun.Result result, int exitCode, String... expected) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
		assertThat(result.err().lines()).as(result.toString()).hasSize(1);
		assertThat(result.err()).startsWith("avala-pipeline: ").contains(expected).doesNotContain("\tat ");
	}

	private Path job(AvalaSandbox sandbox) {
		return TestJobs.jobFile(this.folder, "catalogue", sandbox.templateProjectUid());
	}

	private PipelineRun.Result runWithKey(AvalaSandbox sandbox, String key) {
		return PipelineRun.withEnv(this.folder, Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY", key))
			.execute("run", job(sandbox).toString());
	}

	private PipelineRun.Result run(AvalaSandbox sandbox, String... args) {
		return PipelineRun.against(sandbox, this.folder).execute(args);
	}

}
