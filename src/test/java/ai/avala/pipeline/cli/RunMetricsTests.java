package ai.avala.pipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.Scrape;
import ai.avala.pipeline.support.TestDatabase;
import ai.avala.pipeline.support.TestJobs;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The meters (read as Prometheus scrapes them) and the run report count what the sandbox received, with faults that
 * provoke 503s, a dropped connection, a 429 with Retry-After and a storage 500; and two runs at once in one context
 * (as the scheduler runs them, sharing the client beans) each get their own calls in their report.
 */
@ExtendWith(SandboxExtension.class)
class RunMetricsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Double> RETRIES = Map.of("5xx", 3.0, "connection", 1.0, "429", 1.0);

	@TempDir
	Path folder;

	@Test
	void metersAndReportCountWhatTheSandboxReceived(AvalaSandbox sandbox) throws Exception {
		// given
		Path jobFile = job(this.folder.resolve("a"), "metered", 8, sandbox);
		sandbox.faults().set("GET /datasets/{uid}/", FaultRule.none().withFailFirst(2).withErrorStatuses(503));
		sandbox.faults().set("GET /organizations/", FaultRule.none().withFailFirst(1).withErrorStatuses(0));
		sandbox.faults().set("POST /projects/{uid}/approve/", FaultRule.none().withFailFirst(1).withErrorStatuses(429));
		sandbox.faults().set("PUT storage", FaultRule.none().withFailFirst(1).withErrorStatuses(500));
		try (ConfigurableApplicationContext context = PipelineContext.start(properties(sandbox))) {
			// when
			int code = launcher(context).start(parameters(jobFile, "metered", sandbox));
			// then
			assertThat(code).isZero();
			Scrape scrape = Scrape.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
			SandboxCounts seen = SandboxCounts.of(sandbox.requests());
			assertThat(scrape.sumBy("avala_http_requests_seconds_count", "status", (l) -> !isStorage(l)))
				.as("API calls by status, as the meters count them").isEqualTo(seen.apiByStatus());
			assertThat(scrape.sum("avala_http_requests_seconds_count", RunMetricsTests::isStorage))
				.isEqualTo(seen.storage());
			assertThat(scrape.sumBy("avala_retries_total", "reason", (l) -> true)).isEqualTo(RETRIES);
			assertThat(scrape.sum("avala_retries_total", (l) -> l.get("route").equals("/datasets/{uid}/"))).isEqualTo(2);
			assertThat(scrape.sum("avala_retries_total", RunMetricsTests::isStorage)).isEqualTo(1);
			assertThat(scrape.sum("avala_throttle_waits_seconds_count")).isEqualTo(1);
			assertThat(scrape.sum("avala_throttle_waits_seconds_sum")).isGreaterThanOrEqualTo(1.0);
			assertThat(scrape.sum("avala_upload_files_total", (l) -> l.get("outcome").equals("uploaded"))).isEqualTo(8);
			assertThat(scrape.sum("avala_upload_bytes_total", (l) -> l.get("outcome").equals("uploaded")))
				.isEqualTo(8 * 1000 + 28);
			assertThat(scrape.sum("avala_upload_concurrency_limit")).isPositive();
			assertThat(scrape.sum("avala_upload_files_per_second")).isPositive();
			assertThat(scrape.samples("avala_http_requests_seconds_count"))
				.allSatisfy((sample) -> assertThat(sample.labels().get("route")).matches("storage|/[a-z/{}-]+/"));
			JsonNode calls = report("metered").get("calls");
			assertThat(counts(calls.get("apiByStatus"))).isEqualTo(seen.apiByStatus());
			assertThat(calls.get("storage").asLong()).isEqualTo(seen.storage());
			assertThat(counts(calls.get("retriesByReason"))).isEqualTo(RETRIES);
			assertThat(calls.get("throttleWaits").asLong()).isOne();
			assertThat(calls.get("throttleWaitSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
			assertThat(calls.get("apiByRoute").get("POST /projects/{uid}/approve/").get("429").asLong()).isOne();
		}
	}

	@Test
	void twoRunsAtOnceInOneProcessEachReportTheirOwnCalls(AvalaSandbox sandbox) throws Exception {
		// given: two job files of different sizes, launched at the same instant on one context (as the scheduler)
		Path big = job(this.folder.resolve("big"), "big", 20, sandbox);
		Path small = job(this.folder.resolve("small"), "small", 3, sandbox);
		sandbox.faults().set("GET /projects/{uid}/", FaultRule.none().withFailFirst(2).withErrorStatuses(502));
		try (ConfigurableApplicationContext context = PipelineContext.start(properties(sandbox))) {
			CyclicBarrier together = new CyclicBarrier(2);
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				// when
				Future<Integer> first = threads.submit(launch(context, together, parameters(big, "big", sandbox)));
				Future<Integer> second = threads.submit(launch(context, together, parameters(small, "small", sandbox)));
				assertThat(first.get(2, TimeUnit.MINUTES)).isZero();
				assertThat(second.get(2, TimeUnit.MINUTES)).isZero();
			}
			finally {
				threads.shutdownNow();
			}
			// then
			SandboxCounts seen = SandboxCounts.of(sandbox.requests());
			JsonNode bigCalls = report("big").get("calls");
			JsonNode smallCalls = report("small").get("calls");
			assertThat(storagePuts(bigCalls)).as("each run's uploads in its own report").isEqualTo(20);
			assertThat(storagePuts(smallCalls)).isEqualTo(3);
			assertThat(bigCalls.get("storage").asLong() + smallCalls.get("storage").asLong()).isEqualTo(seen.storage());
			assertThat(bigCalls.get("api").asLong() + smallCalls.get("api").asLong()).isEqualTo(seen.api());
			assertThat(bigCalls.get("retries").asLong() + smallCalls.get("retries").asLong()).isEqualTo(2);
			Scrape scrape = Scrape.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
			assertThat(scrape.sum("avala_http_requests_seconds_count")).isEqualTo(seen.api() + seen.storage());
		}
	}

	@Test
	void theContextEveryCommandStartsHasAPrometheusRegistryWithTheToolsMeters() {
		// given: the properties of a command that needs no API (status, history)
		Map<String, Object> properties = new LinkedHashMap<>();
		TestDatabase.properties(this.folder).forEach((p) -> properties.put(p.substring(0, p.indexOf('=')),
				p.substring(p.indexOf('=') + 1)));
		// when
		try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
			// then
			Scrape scrape = Scrape.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
			assertThat(scrape.samples("avala_upload_files_total")).hasSize(2);
			assertThat(scrape.samples("avala_webhook_deliveries_total")).hasSize(4);
		}
	}

	@Test
	void theReportOfAResumedRunCountsTheCallsOfAllItsExecutions(AvalaSandbox sandbox) throws Exception {
		// given: a run that fails at its last step (the export refused), in one process
		Path jobFile = job(this.folder.resolve("r"), "resumed", 5, sandbox);
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		try (ConfigurableApplicationContext context = PipelineContext.start(properties(sandbox))) {
			assertThat(launcher(context).start(parameters(jobFile, "resumed", sandbox))).isNotZero();
		}
		long firstCalls = SandboxCounts.of(sandbox.requests()).api();
		// when: the same run again, in another process (a new context), resumes at that step and completes
		try (ConfigurableApplicationContext context = PipelineContext.start(properties(sandbox))) {
			assertThat(launcher(context).start(parameters(jobFile, "resumed", sandbox))).isZero();
		}
		// then
		SandboxCounts seen = SandboxCounts.of(sandbox.requests());
		JsonNode calls = report("resumed").get("calls");
		assertThat(calls.get("countedExecutions").valueStream().map(JsonNode::asLong).toList()).hasSize(2);
		assertThat(seen.api()).isGreaterThan(firstCalls);
		assertThat(calls.get("api").asLong()).isEqualTo(seen.api());
		assertThat(counts(calls.get("apiByStatus"))).isEqualTo(seen.apiByStatus());
		assertThat(calls.get("storage").asLong()).isEqualTo(seen.storage());
		assertThat(calls.get("apiByRoute").get("POST /exports/")).hasSize(2);
	}

	@Test
	void everyRunThisProcessEndedIsCountedByOutcomeRefusedOnesToo(AvalaSandbox sandbox) throws Exception {
		// given: a run whose template does not exist (refused by the preflight: no execution), and a good one
		Path jobFile = job(this.folder.resolve("o"), "counted", 2, sandbox);
		JobParameters refused = RunParameters.of(jobFile, "counted", LocalDate.parse("2026-11-02"),
				new LinkedHashMap<>(Map.of("templateProjectUid", "00000000-0000-0000-0000-000000000000")));
		try (ConfigurableApplicationContext context = PipelineContext.start(properties(sandbox))) {
			// when: the refused run, the good run, and the good run again (already completed)
			assertThatThrownBy(() -> launcher(context).start(refused)).isInstanceOf(PreflightRefusedException.class);
			assertThat(launcher(context).start(parameters(jobFile, "counted", sandbox))).isZero();
			assertThat(launcher(context).start(parameters(jobFile, "counted", sandbox))).isZero();
			// then: Spring Batch's job timer saw one run; the tool's counter all three, the refusal with its exit code
			Scrape scrape = Scrape.parse(context.getBean(PrometheusMeterRegistry.class).scrape());
			assertThat(scrape.sum("spring_batch_job_seconds_count")).isEqualTo(1);
			assertThat(scrape.sumBy("avala_runs_total", "outcome", (l) -> l.get("job").equals("counted")))
				.isEqualTo(Map.of("refused", 1.0, "completed", 1.0, "already_completed", 1.0));
			assertThat(scrape.sum("avala_runs_total", (l) -> l.get("outcome").equals("refused")
					&& l.get("exit_code").equals("4"))).isEqualTo(1);
		}
	}

	private static boolean isStorage(Map<String, String> labels) {
		return "storage".equals(labels.get("route"));
	}

	private Callable<Integer> launch(ConfigurableApplicationContext context, CyclicBarrier together,
			JobParameters parameters) {
		return () -> {
			together.await(30, TimeUnit.SECONDS);
			return launcher(context).start(parameters);
		};
	}

	private static long storagePuts(JsonNode calls) {
		return calls.get("storageByStatus").path("PUT 200").asLong();
	}

	private static Map<String, Double> counts(JsonNode node) {
		Map<String, Double> counts = new TreeMap<>();
		node.propertyNames().forEach((name) -> counts.put(name, node.get(name).asDouble()));
		return counts;
	}

	private static Path job(Path folder, String name, int files, AvalaSandbox sandbox) {
		TestJobs.files(folder, files, 1000);
		return TestJobs.jobFile(folder, name, sandbox.templateProjectUid());
	}

	private JsonNode report(String name) {
		return JSON.readTree(this.folder.resolve("reports/" + name + "-2026-11-01.json").toFile());
	}

	private static JobParameters parameters(Path jobFile, String name, AvalaSandbox sandbox) {
		return RunParameters.of(jobFile, name, LocalDate.parse("2026-11-01"),
				new LinkedHashMap<>(Map.of("templateProjectUid", sandbox.templateProjectUid())));
	}

	private static RunLauncher launcher(ConfigurableApplicationContext context) {
		PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		return new RunLauncher(context, out, out, false, ConcurrentHashMap.newKeySet());
	}

	private Map<String, Object> properties(AvalaSandbox sandbox) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String property : TestDatabase.properties(this.folder)) {
			int equals = property.indexOf('=');
			properties.put(property.substring(0, equals), property.substring(equals + 1));
		}
		properties.put("avala.base-url", sandbox.baseUrl());
		properties.put("avala.api-key", sandbox.apiKey());
		properties.put("avala.pipeline.reports-directory", this.folder.resolve("reports").toString());
		properties.put("avala.retry.base-delay", "20ms");
		properties.put("avala.retry.max-delay", "200ms");
		properties.put("avala.create-settle-window", "1s");
		return properties;
	}

	/** What the sandbox received: API calls by status (a dropped connection as "connection"), storage calls. */
	private record SandboxCounts(Map<String, Double> apiByStatus, long storage) {

		static SandboxCounts of(List<RecordedRequest> requests) {
			Map<String, Double> api = new TreeMap<>();
			long storage = 0;
			for (RecordedRequest request : requests) {
				if (request.path().startsWith("/api/v1/")) {
					String status = (request.status() == 0) ? "connection" : Integer.toString(request.status());
					api.merge(status, 1.0, Double::sum);
				}
				else if (request.path().startsWith("/storage/") || request.path().startsWith("/downloads/")) {
					storage++;
				}
			}
			return new SandboxCounts(api, storage);
		}

		long api() {
			return Math.round(this.apiByStatus.values().stream().mapToDouble(Double::doubleValue).sum());
		}

	}

}
