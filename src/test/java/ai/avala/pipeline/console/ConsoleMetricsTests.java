package ai.avala.pipeline.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code scheduler --console-port 0}: the scheduler's process serves {@code /actuator/prometheus}, which after a
 * scheduled sandbox run carries Spring Batch's own job and step metrics for it and the console's run gauges, and
 * {@code /actuator/health} with its components.
 */
@ExtendWith(SandboxExtension.class)
class ConsoleMetricsTests {

	private static final Pattern READY = Pattern.compile("Avala console ready: url=(http://127\\.0\\.0\\.1:\\d+/)");

	@TempDir
	Path folder;

	private Process scheduler;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.scheduler != null) {
			this.scheduler.destroy();
			this.scheduler.waitFor();
		}
	}

	@Test
	void prometheusCarriesSpringBatchsCountsOfTheRunAndHealthItsComponents(AvalaSandbox sandbox) throws Exception {
		// given: a schedule firing every 2 s, under a scheduler serving the console
		TestJobs.files(this.folder, 6, 200);
		TestJobs.jobFile(this.folder, "metrics", sandbox.templateProjectUid());
		Path schedules = Files.createDirectories(this.folder.resolve("schedules"));
		Files.writeString(schedules.resolve("metrics.yml"), """
				job: ../metrics.yml
				cron: "0/2 * * * * ?"
				timeZone: UTC
				""");
		// and one whose job file still holds the placeholder template: every fire is refused by the preflight
		TestJobs.jobFile(this.folder, "refused", "replace-with-your-template-project-uid");
		Files.writeString(schedules.resolve("refused.yml"), """
				job: ../refused.yml
				cron: "1/2 * * * * ?"
				timeZone: UTC
				""");
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		this.scheduler = child.start(Map.of(), "scheduler", "--schedules", schedules.toString(), "--console-port", "0");
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
			.until(() -> READY.matcher(child.output(1)).find() || !this.scheduler.isAlive());
		Matcher ready = READY.matcher(child.output(1));
		assertThat(ready.find()).as(child.output(1)).isTrue();
		String url = ready.group(1);
		// when: the run has completed
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
			.until(() -> get(url + "actuator/prometheus").body().contains("avala_run_last_success_timestamp_seconds{job=\"metrics\"}"));
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
			.until(() -> get(url + "actuator/prometheus").body().contains("outcome=\"refused\""));
		HttpResponse<String> prometheus = get(url + "actuator/prometheus");
		HttpResponse<String> health = get(url + "actuator/health");
		// then
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body())
			.containsPattern("spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"annotationLifecycle\"[^}]*"
					+ "spring_batch_job_status=\"COMPLETED\"[^}]*\\} 1")
			.containsPattern("spring_batch_step_seconds_count\\{[^}]*spring_batch_step_name=\"uploadFiles\"")
			.containsPattern("avala_runs_total\\{exit_code=\"4\",job=\"refused\",outcome=\"refused\"\\} [1-9]")
			.containsPattern("avala_runs_total\\{exit_code=\"0\",job=\"metrics\",outcome=\"completed\"\\} 1")
			.doesNotContain(sandbox.apiKey());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"")
			.containsPattern("\"db\":\\{[^}]*\\}[^}]*\"status\":\"UP\"")
			.containsPattern("\"scheduler\":\\{\"details\":\\{[^}]*\\},\"status\":\"UP\"")
			.containsPattern("\"avala\":\\{\"details\":\\{[^}]*\"key\":\"accepted\"\\},\"status\":\"UP\"")
			.doesNotContain(sandbox.apiKey());
		HttpResponse<String> liveness = get(url + "actuator/health/liveness");
		assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"").doesNotContain("\"avala\"");
		HttpResponse<String> db = get(url + "actuator/health/db");
		assertThat(db.body()).contains("\"status\":\"UP\"").contains("H2");
		assertThat(get(url + "actuator/health/nothing").statusCode()).isEqualTo(404);
		HttpResponse<String> page = get(url + "schedules");
		assertThat(page.body()).contains("data-schedule=\"metrics\"").contains("0/2 * * * * ?")
			.containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+00:00")
			.contains("COMPLETED</span>");
		// a schedule refused at every fire shows so, and why, though it never got a Spring Batch execution
		String refusedRow = page.body().substring(page.body().indexOf("data-schedule=\"refused\""));
		refusedRow = refusedRow.substring(0, refusedRow.indexOf("</tr>"));
		assertThat(page.body()).as("the REFUSED badge has a colour").contains(".s-REFUSED{");
		assertThat(refusedRow).contains("REFUSED</span> exit 4", "runDate ", "preflight refused run refused",
				"replace-with-your-template-project-uid not found");
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target", "console-prometheus-sample.txt"), prometheus.body());
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
