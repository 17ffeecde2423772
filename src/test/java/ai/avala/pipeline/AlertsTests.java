package ai.avala.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts ({@code avala.alerts.*}) when a run ends: a Slack-compatible webhook received by a real HTTP server on
 * loopback, and a real command; an alert that cannot be delivered never changes the run's exit code, and neither
 * the webhook's URL nor the API key gets out.
 */
@ExtendWith(SandboxExtension.class)
class AlertsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The part of a Slack hook URL that is its credential. */
	private static final String TOKEN = "T000/B000/s3cr3tT0k3n";

	@TempDir
	Path folder;

	private HttpServer receiver;

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	/** Status codes to answer, in turn; 200 once they run out. */
	private final List<Integer> answers = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
					+ " " + exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
			int status = this.answers.isEmpty() ? 200 : this.answers.remove(0);
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void aFailedRunPostsASlackCompatibleBodyRetryingA5xx(AvalaSandbox sandbox) {
		// given: exports refused, and a receiver that fails its first answer
		Path job = job(sandbox, "alerted");
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		this.answers.add(503);
		// when
		PipelineRun.Result result = cli(sandbox).execute("run", job.toString(), "runDate=2026-11-01",
				"--avala.alerts.webhook-url=" + hookUrl(), "--avala.alerts.retry-delay=10ms");
		// then: the run's exit code, and one alert delivered at the second attempt
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		assertThat(this.requests).hasValue(2);
		String received = this.bodies.get(1);
		JsonNode body = JSON.readTree(received.substring(0, received.indexOf(" /hooks/")));
		assertThat(body.get("text").asString()).startsWith("avala-pipeline: run alerted 2026-11-01 FAILED (exit 5, execution 1): "
				+ "step exportResults failed").contains("report: " + this.folder.resolve("reports/alerted-2026-11-01.json"));
		assertThat(received).contains("/hooks/" + TOKEN, "application/json");
		assertThat(result.err()).doesNotContain("alert not delivered");
		assertThat(result.out() + result.err()).doesNotContain(TOKEN).doesNotContain(sandbox.apiKey());
	}

	@Test
	void aCompletedRunAlertsOnlyWhenAskedTo(AvalaSandbox sandbox) {
		// given
		Path job = job(sandbox, "quiet");
		PipelineRun cli = cli(sandbox);
		// when
		PipelineRun.Result quiet = cli.execute("run", job.toString(), "runDate=2026-11-01", "--avala.alerts.webhook-url=" + hookUrl());
		PipelineRun.Result told = cli.execute("run", job.toString(), "runDate=2026-11-02", "--avala.alerts.webhook-url=" + hookUrl(),
				"--avala.alerts.on-success=true");
		PipelineRun.Result again = cli.execute("run", job.toString(), "runDate=2026-11-02", "--avala.alerts.webhook-url=" + hookUrl(),
				"--avala.alerts.on-success=true");
		// then: one alert, for the second run; a run already completed does nothing, so says nothing
		assertThat(quiet.exitCode()).isZero();
		assertThat(told.exitCode()).isZero();
		assertThat(again.exitCode()).isZero();
		assertThat(this.bodies).hasSize(1);
		assertThat(this.bodies.get(0)).contains("run quiet 2026-11-02 completed (exit 0, execution 2)", "export: ");
	}

	@Test
	void anAlertThatCannotBeDeliveredIsOneLineAndLeavesTheExitCode(AvalaSandbox sandbox) {
		// given: a receiver that keeps failing
		Path job = job(sandbox, "unheard");
		this.answers.addAll(List.of(500, 502, 503, 504));
		// when
		PipelineRun.Result result = cli(sandbox).execute("run", job.toString(), "runDate=2026-11-01",
				"--avala.alerts.webhook-url=" + hookUrl(), "--avala.alerts.on-success=true",
				"--avala.alerts.max-attempts=3", "--avala.alerts.retry-delay=10ms");
		// then: three attempts, one line naming the host only, exit 0 as the run ended
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.requests).hasValue(3);
		assertThat(result.err().lines().filter((l) -> l.contains("alert not delivered")))
			.containsExactly("avala-pipeline: alert not delivered (the run's outcome stands): webhook http://127.0.0.1:"
					+ this.receiver.getAddress().getPort() + "/****: HTTP 503 after 3 attempt(s)");
		assertThat(result.out() + result.err()).doesNotContain(TOKEN);
	}

	@Test
	void aCommandGetsTheRunsFactsAndTheReportButNoSecret(AvalaSandbox sandbox) throws Exception {
		// given: a real process with the API key in its environment, and a script that writes what it got
		Path job = job(sandbox, "hooked");
		Path written = this.folder.resolve("alert.txt");
		Path script = script("hook.sh", "#!/bin/sh\n{ echo \"arg=$1\"; env; } > '" + written + "'\n");
		// when
		int code = new ChildPipeline(sandbox, this.folder).run("run", job.toString(), "runDate=2026-11-01",
				"--avala.alerts.command=" + script, "--avala.alerts.on-success=true");
		// then
		assertThat(code).isZero();
		String got = Files.readString(written);
		assertThat(got).contains("arg=" + this.folder.resolve("reports/hooked-2026-11-01.json"),
				"AVALA_RUN_NAME=hooked", "AVALA_RUN_DATE=2026-11-01", "AVALA_RUN_STATUS=COMPLETED",
				"AVALA_RUN_EXIT_CODE=0", "AVALA_RUN_EXECUTION_ID=1",
				"AVALA_RUN_EXPORT_FILE=" + this.folder.resolve("exports/hooked-2026-11-01.zip"),
				"AVALA_RUN_REPORT=" + this.folder.resolve("reports/hooked-2026-11-01.json"));
		assertThat(got).doesNotContain(sandbox.apiKey()).doesNotContain("AVALA_API_KEY");
	}

	@Test
	void aCommandThatHangsIsKilledAtItsTimeout(AvalaSandbox sandbox) throws Exception {
		// given
		Path job = job(sandbox, "slow");
		Path script = script("slow.sh", "#!/bin/sh\nsleep 60\n");
		// when
		PipelineRun.Result result = cli(sandbox).execute("run", job.toString(), "runDate=2026-11-01",
				"--avala.alerts.command=" + script, "--avala.alerts.on-success=true",
				"--avala.alerts.command-timeout=300ms");
		// then
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.err()).contains("alert not delivered (the run's outcome stands): command: " + script
				+ " timed out after 0.3s and was killed");
	}

	@Test
	void aWebhookUrlThatIsNotOneIsRefusedWithoutEchoingIt(AvalaSandbox sandbox) {
		// when
		PipelineRun.Result result = cli(sandbox).execute("status", "--avala.alerts.webhook-url=hooks.example.com/" + TOKEN);
		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("avala.alerts.webhook-url must be an http:// or https:// URL")
			.doesNotContain(TOKEN);
	}

	private Path job(AvalaSandbox sandbox, String name) {
		TestJobs.files(this.folder, 2, 100);
		return TestJobs.jobFile(this.folder, name, sandbox.templateProjectUid());
	}

	private PipelineRun cli(AvalaSandbox sandbox) {
		return PipelineRun.against(sandbox, this.folder);
	}

	private String hookUrl() {
		return "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hooks/" + TOKEN;
	}

	private Path script(String name, String text) throws IOException {
		Path script = Files.writeString(this.folder.resolve(name), text);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		return script;
	}

}
