package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectLifecycleTests extends SandboxTestSupport {

	@Test
	void cloneOfADatasetStillCreatingIsRejected() {
		JsonNode created = http.manifest("early", Map.of("a.jpg", new byte[1]));
		String uid = created.get("uid").stringValue();
		SandboxHttp.Response response = http.post("/projects/create-from-existing/",
				Map.of("source_project_uid", sandbox.templateProjectUid(), "name", "p", "image_dataset_uid", uid));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").stringValue())
			.isEqualTo("Dataset " + uid + " is not ready: status creating.");
	}

	@Test
	void cloneAcceptsKindSpecificAndPlainDatasetFields() {
		String uid = http.readyDataset("kinds", Map.of("a.jpg", new byte[1]));
		for (String field : new String[] { "video_dataset_uid", "dataset_uid" }) {
			SandboxHttp.Response response = http.post("/projects/create-from-existing/",
					Map.of("source_project_uid", sandbox.templateProjectUid(), "name", "p", field, uid));
			assertThat(response.status()).isEqualTo(201);
		}
		assertThat(http.post("/projects/create-from-existing/",
				Map.of("source_project_uid", "nope", "name", "p", "dataset_uid", uid))
			.status()).isEqualTo(404);
	}

	@Test
	void clonedProjectWaitsForApprovalAndCanBeFoundByName() {
		String datasetUid = http.readyDataset("find", Map.of("a.jpg", new byte[1]));
		String projectUid = http.project("findme", datasetUid);
		JsonNode project = http.get("/projects/" + projectUid + "/").json();
		assertThat(project.get("status").stringValue()).isEqualTo("pending-approval");
		assertThat(project.get("datasets").get(0).stringValue()).isEqualTo(datasetUid);
		assertThat(project.get("source_project_uid").stringValue()).isEqualTo(sandbox.templateProjectUid());
		JsonNode page = http.get("/users/me/projects/?name=findme").json();
		assertThat(page.get("results")).hasSize(1);
		assertThat(http.get("/users/me/projects/" + projectUid + "/").status()).isEqualTo(200);
		assertThat(sandbox.stats().projects()).isEqualTo(1);
	}

	@Test
	void illegalTransitionsNameTheCurrentStatus() {
		String projectUid = http.project("t", http.readyDataset("t", Map.of("a.jpg", new byte[1])));
		SandboxHttp.Response pause = http.post("/projects/" + projectUid + "/pause/", null);
		assertThat(pause.status()).isEqualTo(400);
		assertThat(pause.json().get("detail").stringValue()).contains("pending-approval");
		assertThat(http.post("/projects/" + projectUid + "/approve/", null).json().get("status").stringValue())
			.isEqualTo("active");
		SandboxHttp.Response again = http.post("/projects/" + projectUid + "/approve/", null);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.json().get("detail").stringValue()).contains("active");
		assertThat(http.post("/projects/" + projectUid + "/pause/", null).json().get("status").stringValue())
			.isEqualTo("paused");
		assertThat(http.post("/projects/" + projectUid + "/resume/", null).json().get("status").stringValue())
			.isEqualTo("active");
		assertThat(http.post("/projects/" + projectUid + "/cancel/", null).json().get("status").stringValue())
			.isEqualTo("canceled");
		assertThat(http.post("/projects/" + projectUid + "/resume/", null).status()).isEqualTo(400);
		assertThat(sandbox.stats().approvals()).isEqualTo(1);
	}

	@Test
	void metricsProgressToCompletion() {
		// given
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 0; i < 120; i++) {
			files.put("img" + i + ".jpg", new byte[] { (byte) i });
		}
		String projectUid = http.project("m", http.readyDataset("m", files));
		http.post("/projects/" + projectUid + "/approve/", null);
		// when tasks are not created yet
		assertThat(metrics(projectUid).get("total_tasks").asInt()).isZero();
		sandbox.clock().advance(Duration.ofMinutes(2));
		JsonNode created = metrics(projectUid);
		assertThat(created.get("total_tasks").asInt()).isEqualTo(120);
		assertThat(created.get("completed_tasks").asInt()).isZero();
		// then halfway
		sandbox.clock().advance(Duration.ofHours(3));
		JsonNode half = metrics(projectUid);
		int done = half.get("completed_tasks").asInt();
		assertThat(done).isBetween(40, 80);
		assertThat(done + half.get("in_progress_tasks").asInt() + half.get("pending_tasks").asInt()).isEqualTo(120);
		JsonNode batches = http.get("/work-batches/?project=" + projectUid).json().get("results");
		assertThat(batches).hasSize(3);
		int batchDone = 0;
		for (JsonNode batch : batches.values()) {
			batchDone += batch.get("completed_task_count").asInt();
		}
		assertThat(batchDone).isEqualTo(done);
		// and done
		sandbox.clock().advance(Duration.ofHours(3));
		JsonNode finished = metrics(projectUid);
		assertThat(finished.get("completed_tasks").asInt()).isEqualTo(120);
		assertThat(http.get("/projects/" + projectUid + "/").json().get("status").stringValue()).isEqualTo("completed");
	}

	@Test
	void pausedProjectsMakeNoProgress() {
		String projectUid = http.project("p", http.readyDataset("p", Map.of("a.jpg", new byte[1])));
		http.post("/projects/" + projectUid + "/approve/", null);
		http.post("/projects/" + projectUid + "/pause/", null);
		sandbox.clock().advance(Duration.ofHours(10));
		assertThat(metrics(projectUid).get("total_tasks").asInt()).isZero();
		http.post("/projects/" + projectUid + "/resume/", null);
		sandbox.clock().advance(Duration.ofHours(6).plusMinutes(3));
		assertThat(http.get("/projects/" + projectUid + "/").json().get("status").stringValue()).isEqualTo("completed");
	}

	@Test
	void completeProjectFinishesEveryTask() {
		String projectUid = http.project("c", http.readyDataset("c", Map.of("a.jpg", new byte[1], "b.jpg", new byte[2])));
		http.post("/projects/" + projectUid + "/approve/", null);
		sandbox.completeProject(projectUid);
		JsonNode metrics = metrics(projectUid);
		assertThat(metrics.get("total_tasks").asInt()).isEqualTo(2);
		assertThat(metrics.get("completed_tasks").asInt()).isEqualTo(2);
	}

	@Test
	void fastClockFinishesAnnotationInSeconds() {
		try (AvalaSandbox fast = AvalaSandbox.start(SandboxConfig.defaults().withClockSpeed(3600))) {
			SandboxHttp fastHttp = new SandboxHttp(fast);
			String projectUid = fastHttp.project("f", fastHttp.readyDataset("f", Map.of("a.jpg", new byte[1])));
			fastHttp.post("/projects/" + projectUid + "/approve/", null);
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.until(() -> fastHttp.get("/projects/" + projectUid + "/").json().get("status").stringValue(),
						"completed"::equals);
		}
	}

	private static JsonNode metrics(String projectUid) {
		return http.get("/projects/" + projectUid + "/metrics/").json();
	}

}
