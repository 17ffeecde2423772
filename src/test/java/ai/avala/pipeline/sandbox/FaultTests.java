package ai.avala.pipeline.sandbox;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FaultTests extends SandboxTestSupport {

	@Test
	void failFirstFailsTheNextRequestsDeterministically() {
		String datasetUid = http.readyDataset("ff", Map.of("a.jpg", new byte[1]));
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(3).withErrorStatuses(503, 502));
		Map<String, Object> body = Map.of("dataset_uid", datasetUid, "format", "coco");
		assertThat(http.post("/exports/", body).status()).isEqualTo(503);
		assertThat(http.post("/exports/", body).status()).isEqualTo(502);
		SandboxHttp.Response third = http.post("/exports/", body);
		assertThat(third.status()).isEqualTo(503);
		assertThat(third.json().get("detail").stringValue()).isNotBlank();
		assertThat(http.post("/exports/", body).status()).isEqualTo(201);
		assertThat(sandbox.stats().exports()).isEqualTo(1);
	}

	@Test
	void failAfterEffectCreatesTheDatasetButLosesTheAnswer() {
		sandbox.faults().set("POST /datasets/manual-upload/", FaultRule.none().withFailFirst(1).withFailAfterEffect(true));
		SandboxHttp.Response response = http.post("/datasets/manual-upload/",
				Map.of("name", "lost", "data_type", "images", "files", List.of(Map.of("name", "a", "size", 1))));
		assertThat(response.status()).isEqualTo(503);
		JsonNode found = http.get("/datasets/?name=lost").json().get("results");
		assertThat(found).hasSize(1);
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
	}

	@Test
	void delayedEffectAnswers504NowAndCreatesTheResourceLater() {
		// given: the gateway gives up at once, the service creates the export 2 s later
		String datasetUid = http.readyDataset("late", Map.of("a.jpg", new byte[1]));
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1).withEffectDelay(Duration.ofSeconds(2)));
		// when
		SandboxHttp.Response answer = http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco"));
		JsonNode rightAfter = http.get("/exports/?dataset=" + datasetUid).json().get("results");
		// then: nothing to find yet, then exactly the one export the request asked for
		assertThat(answer.status()).isEqualTo(504);
		assertThat(rightAfter).isEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.stats().exports() == 1);
		JsonNode found = http.get("/exports/?dataset=" + datasetUid).json().get("results");
		assertThat(found).singleElement().satisfies((e) -> assertThat(e.get("format").stringValue()).isEqualTo("coco"));
	}

	@Test
	void dropClosesTheConnectionWithoutAnAnswer() {
		// a POST, because the JDK client silently retries an idempotent GET on a closed pooled connection
		sandbox.faults().set("POST /projects/{uid}/pause/", FaultRule.none().withFailFirst(1).withErrorStatuses(0));
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> http.post("/projects/x/pause/", null));
		assertThat(http.post("/projects/x/pause/", null).status()).isEqualTo(404);
		assertThat(sandbox.requests()).extracting(RecordedRequest::status).contains(0);
	}

	@Test
	void wildcardRuleAppliesToEveryApiRouteButNotStorage() {
		JsonNode created = http.manifest("wild", Map.of("a.jpg", new byte[1]));
		sandbox.faults().set("*", FaultRule.none().withErrorRate(1.0).withErrorStatuses(500));
		assertThat(http.get("/datasets/").status()).isEqualTo(500);
		assertThat(http.put(created.get("files").get(0).get("upload_url").stringValue(), new byte[1]).status())
			.isEqualTo(200);
		sandbox.faults().clear();
		assertThat(http.get("/datasets/").status()).isEqualTo(200);
	}

	@Test
	void storageFaultsAnswerS3Errors() {
		JsonNode created = http.manifest("s3", Map.of("a.jpg", new byte[1]));
		String url = created.get("files").get(0).get("upload_url").stringValue();
		sandbox.faults().set("PUT storage", FaultRule.none().withFailFirst(1));
		SandboxHttp.Response failed = http.put(url, new byte[1]);
		assertThat(failed.status()).isEqualTo(503);
		assertThat(failed.text()).contains("<Code>ServiceUnavailable</Code>");
		assertThat(http.put(url, new byte[1]).status()).isEqualTo(200);
	}

	@Test
	void throttleFaultAnswers429WithRetryAfter() {
		sandbox.faults().set("GET /datasets/", FaultRule.none().withThrottleRate(1.0));
		SandboxHttp.Response response = http.get("/datasets/");
		assertThat(response.status()).isEqualTo(429);
		assertThat(response.header("Retry-After")).isEqualTo("1");
		assertThat(sandbox.stats().throttled()).isEqualTo(1);
	}

	@Test
	void latencyDelaysTheAnswer() {
		sandbox.faults().set("GET /datasets/", FaultRule.none().withLatency(Duration.ofMillis(200)));
		long start = System.nanoTime();
		assertThat(http.get("/datasets/").status()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

}
