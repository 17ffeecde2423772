package ai.avala.pipeline.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (headless Chromium): the {@code console} command runs as a user starts it, in a
 * child JVM on the job repository the test's sandbox runs wrote, with a console token in its environment. Screenshots
 * land in {@code target/screenshots/}.
 */
class ConsoleBrowserTests {

	private static final String TOKEN = "console-test-token-6f1c";

	private static final AvalaSandbox fast = AvalaSandbox.start(SandboxExtension.testConfig());

	/** Annotation takes about 30 s of real time: long enough to watch a live run's progress move. */
	private static final AvalaSandbox slow = AvalaSandbox
		.start(SandboxExtension.testConfig().withAnnotationDuration(Duration.ofHours(300)));

	@TempDir
	static Path folder;

	private static Process console;

	private static String url;

	@TempDir
	Path profile;

	private WebDriver browser;

	@BeforeAll
	static void runsAndConsole() throws Exception {
		TestJobs.files(folder, 8, 1024);
		run(fast, "grid-ok", "runDate=2026-11-01");
		failedRun("grid-bad", "runDate=2026-11-02");
		failedRun("act-bad", "runDate=2026-11-03");
		ChildPipeline child = new ChildPipeline(fast, folder);
		console = child.start(Map.of("AVALA_CONSOLE_TOKEN", TOKEN), "console", "--port", "0");
		Pattern ready = Pattern.compile("Avala console ready: url=(http://127\\.0\\.0\\.1:\\d+/)");
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
			.until(() -> ready.matcher(child.output(1)).find() || !console.isAlive());
		Matcher matcher = ready.matcher(child.output(1));
		assertThat(matcher.find()).as(child.output(1)).isTrue();
		url = matcher.group(1);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (console != null) {
			console.destroy();
			console.waitFor();
		}
		fast.close();
		slow.close();
	}

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.start(this.profile);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void gridShowsTheRunsWithTheirStepsColouredByStatus() throws Exception {
		// when
		this.browser.get(url);
		// then
		WebElement ok = this.browser.findElement(By.cssSelector("tr[data-run='grid-ok 2026-11-01']"));
		WebElement bad = this.browser.findElement(By.cssSelector("tr[data-run='grid-bad 2026-11-02']"));
		assertThat(ok.getDomAttribute("data-status")).isEqualTo("COMPLETED");
		assertThat(bad.getDomAttribute("data-status")).isEqualTo("FAILED");
		assertThat(ok.findElements(By.cssSelector("td.cell[data-status='COMPLETED']"))).hasSize(7);
		assertThat(bad.findElement(By.cssSelector("td.cell[data-step='exportResults']")).getDomAttribute("data-status"))
			.isEqualTo("FAILED");
		assertThat(bad.findElement(By.cssSelector("td.cell[data-step='awaitCompletion'] a")).getCssValue("background-color"))
			.isEqualTo("rgba(45, 164, 78, 1)");
		assertThat(bad.findElement(By.cssSelector("td.cell[data-step='exportResults'] a")).getCssValue("background-color"))
			.isEqualTo("rgba(207, 34, 46, 1)");
		Browser.screenshot(this.browser, "grid");
	}

	@Test
	void runPageShowsItsStepsTimelineProgressChartAndWhatToDoNext() throws Exception {
		// when
		this.browser.get(url + "runs/" + instance("grid-ok 2026-11-01"));
		// then
		assertThat(this.browser.findElements(By.cssSelector("#steps tr[data-status='COMPLETED']"))).hasSize(7);
		assertThat(this.browser.findElements(By.cssSelector("svg#gantt rect.bar"))).hasSize(7);
		assertThat(this.browser.findElement(By.id("progress-value")).getText()).isEqualTo("100.0%");
		assertThat(this.browser.findElement(By.id("card-files")).getText()).contains("8 / 8");
		assertThat(this.browser.findElement(By.id("export-file")).getText()).endsWith("grid-ok-2026-11-01.zip");
		assertThat(this.browser.findElement(By.id("next")).getText()).contains("Nothing: the run completed");
		Browser.screenshot(this.browser, "run-completed");
		// and the failed run's page says its failure in one line and the command to type
		this.browser.get(url + "runs/" + instance("grid-bad 2026-11-02"));
		assertThat(this.browser.findElement(By.id("failure")).getText()).contains("failed on the Avala side");
		assertThat(this.browser.findElement(By.id("next")).getText()).contains("java -jar avala-pipeline.jar restart ");
		assertThat(this.browser.getPageSource()).doesNotContain(fast.apiKey()).doesNotContain(TOKEN);
		Browser.screenshot(this.browser, "run-failed");
	}

	@Test
	void aRunningRunsPageShowsItsProgressMoveWithoutAReload() throws Exception {
		// given: a run waiting for annotation that takes about 30 s
		CompletableFuture<PipelineRun.Result> live = CompletableFuture
			.supplyAsync(() -> run(slow, "live", "runDate=2026-11-04"));
		await().atMost(Duration.ofMinutes(2)).until(() -> instanceOrNull("live 2026-11-04") != null || live.isDone());
		this.browser.get(url + "runs/" + instance("live 2026-11-04"));
		await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
			.until(() -> !this.browser.findElements(By.id("progress-value")).isEmpty() || live.isDone());
		String before = this.browser.findElement(By.id("progress-value")).getText();
		((JavascriptExecutor) this.browser).executeScript("window.notReloaded = true;");
		Browser.screenshot(this.browser, "run-live-before");
		// then: the figure changes on screen, and the page was not reloaded to change it
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
			.until(() -> !this.browser.findElement(By.id("progress-value")).getText().equals(before));
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.notReloaded === true;"))
			.isEqualTo(true);
		assertThat(this.browser.findElement(By.id("process")).getText()).isEqualTo("live");
		((JavascriptExecutor) this.browser).executeScript("document.getElementById('progress-chart').scrollIntoView();");
		Browser.screenshot(this.browser, "run-live-after");
		PipelineRun.Result result = live.get();
		assertThat(result.exitCode()).as(result.toString()).isZero();
	}

	@Test
	void anActionIsRefusedWithoutTheTokenOrCsrfAndWorksWithBoth() throws Exception {
		long instance = instance("act-bad 2026-11-03");
		this.browser.get(url + "runs/" + instance);
		long execution = executionOf();
		HttpClient http = HttpClient.newHttpClient();
		// when: no session (the token was never given)
		HttpResponse<String> anonymous = post(http, url + "runs/" + instance + "/actions/abandon",
				"execution=" + execution, null);
		// then
		assertThat(anonymous.statusCode()).isEqualTo(403);
		assertThat(anonymous.body()).contains("sign in as an operator first");
		// when: signed in with the token, but a forged form without the CSRF token
		this.browser.get(url + "login");
		this.browser.findElement(By.id("operator-name")).sendKeys("alice");
		this.browser.findElement(By.id("token")).sendKeys(TOKEN);
		this.browser.findElement(By.id("sign-in")).click();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.browser.manage().getCookieNamed("avala_console_session") != null
					|| !this.browser.findElements(By.id("problem")).isEmpty()
					|| !this.browser.findElements(By.id("outcome")).isEmpty());
		assertThat(this.browser.findElements(By.id("problem"))).as(this.browser.getPageSource()).isEmpty();
		assertThat(this.browser.findElements(By.id("outcome"))).as(this.browser.getPageSource()).isEmpty();
		String cookie = "avala_console_session=" + this.browser.manage().getCookieNamed("avala_console_session").getValue();
		HttpResponse<String> forged = post(http, url + "runs/" + instance + "/actions/abandon",
				"execution=" + execution + "&csrf=guess", cookie);
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.body()).contains("CSRF token is missing or wrong");
		// when: the run page's own button
		this.browser.get(url + "runs/" + instance);
		assertThat(this.browser.findElement(By.id("run-status")).getText()).isEqualTo("FAILED");
		Browser.screenshot(this.browser, "run-actions");
		this.browser.findElement(By.id("action-abandon")).click();
		// then
		assertThat(this.browser.findElement(By.id("outcome")).getText()).contains("Execution " + execution + " abandoned");
		Browser.screenshot(this.browser, "action-done");
		this.browser.get(url);
		assertThat(this.browser.findElement(By.cssSelector("tr[data-run='act-bad 2026-11-03']")).getDomAttribute("data-status"))
			.isEqualTo("ABANDONED");
	}

	private long executionOf() {
		String text = this.browser.findElement(By.id("run")).getText();
		Matcher matcher = Pattern.compile("execution (\\d+)").matcher(text);
		assertThat(matcher.find()).as(text).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static HttpResponse<String> post(HttpClient http, String target, String form, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long instance(String run) {
		Long id = instanceOrNull(run);
		assertThat(id).as("run " + run + " on the grid").isNotNull();
		return id;
	}

	private Long instanceOrNull(String run) throws RuntimeException {
		try {
			String page = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher matcher = Pattern.compile("data-run=\"" + Pattern.quote(run) + "\"[^>]*><td><a href=\"/runs/(\\d+)\"")
				.matcher(page);
			return matcher.find() ? Long.parseLong(matcher.group(1)) : null;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static PipelineRun.Result run(AvalaSandbox sandbox, String name, String runDate) {
		Path job = TestJobs.jobFile(folder, name, sandbox.templateProjectUid());
		return PipelineRun.against(sandbox, folder).execute("run", job.toString(), runDate, "poll.timeout=5m");
	}

	private static void failedRun(String name, String runDate) {
		fast.setFailNewExports(true);
		try {
			PipelineRun.Result result = run(fast, name, runDate);
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
		}
		finally {
			fast.setFailNewExports(false);
		}
	}

}
