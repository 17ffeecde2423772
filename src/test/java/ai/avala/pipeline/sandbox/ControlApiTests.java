package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ControlApiTests extends SandboxTestSupport {

	@Test
	void controlRoutesDriveTheSandboxOverHttp() {
		// keys
		JsonNode key = http.control("POST", "keys", Map.of("scopes", List.of("datasets.read"), "plan", "FREE"))
			.json();
		String apiKey = key.get("api_key").stringValue();
		assertThat(http.get("/datasets/", apiKey).status()).isEqualTo(200);
		// faults
		assertThat(http.control("POST", "faults", Map.of("route", "GET /datasets/", "fail_first", 1,
				"error_statuses", List.of(502))).status()).isEqualTo(204);
		assertThat(http.get("/datasets/").status()).isEqualTo(502);
		http.control("POST", "faults", Map.of("route", "GET /datasets/", "fail_first", 1));
		assertThat(http.control("DELETE", "faults", null).status()).isEqualTo(204);
		assertThat(http.get("/datasets/").status()).isEqualTo(200);
		// a late effect: 504 now, the dataset a little later
		http.control("POST", "faults", Map.of("route", "POST /datasets/manual-upload/", "fail_first", 1,
				"effect_delay_ms", 200));
		assertThat(http.post("/datasets/manual-upload/", Map.of("name", "late", "data_type", "images", "files",
				List.of(Map.of("name", "a", "size", 1)))).status()).isEqualTo(504);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> http.control("GET", "state", null).json().get("pending_effects").asInt() == 0);
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
		http.control("DELETE", "faults", null);
		// state and requests
		String uid = http.readyDataset("ctl", Map.of("a.jpg", new byte[] { 7 }));
		JsonNode state = http.control("GET", "state", null).json();
		assertThat(state.get("stats").get("file_puts").asLong()).isEqualTo(1);
		assertThat(state.get("datasets").get(uid).get("files").get("a.jpg").get("put_count").asInt()).isEqualTo(1);
		assertThat(http.control("GET", "requests", null).json().size()).isPositive();
		// clock
		JsonNode clock = http.control("POST", "clock", Map.of("advance_seconds", 30, "speed", 2.5)).json();
		assertThat(clock.get("speed").asDouble()).isEqualTo(2.5);
		// projects and exports
		String projectUid = http.project("ctl", uid);
		http.post("/projects/" + projectUid + "/approve/", null);
		assertThat(http.control("POST", "projects/" + projectUid + "/complete", null).status()).isEqualTo(204);
		assertThat(http.get("/projects/" + projectUid + "/").json().get("status").stringValue()).isEqualTo("completed");
		String exportUid = http.post("/exports/", Map.of("dataset_uid", uid, "format", "coco")).json().get("uid").stringValue();
		assertThat(http.control("POST", "exports/" + exportUid + "/fail", null).status()).isEqualTo(204);
		assertThat(http.get("/exports/" + exportUid + "/").json().get("status").stringValue()).isEqualTo("failed");
		// reset
		assertThat(http.control("POST", "reset", null).status()).isEqualTo(204);
		assertThat(sandbox.stats().datasets()).isZero();
		assertThat(http.get("/datasets/", apiKey).status()).isEqualTo(401);
		assertThat(http.get("/projects/" + sandbox.templateProjectUid() + "/").status()).isEqualTo(200);
		assertThat(sandbox.clock().speed()).isEqualTo(1.0);
	}

}
