package ai.avala.pipeline.sandbox;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTests extends SandboxTestSupport {

	@Test
	void readyLineNamesBaseUrlKeyAndTemplate() {
		assertThat(sandbox.readyLine()).isEqualTo("Avala sandbox ready: base-url=http://127.0.0.1:" + sandbox.port()
				+ "/api/v1 api-key=" + sandbox.apiKey() + " template=" + sandbox.templateProjectUid());
		assertThat(sandbox.apiKey()).matches("avk_[0-9a-f]{32}");
	}

	@Test
	void missingKeyIsRejectedWithTheContractText() {
		SandboxHttp.Response response = http.get("/datasets/", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().toString())
			.isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");
	}

	@Test
	void unknownKeyIsRejected() {
		SandboxHttp.Response response = http.get("/datasets/", "avk_nope");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("detail").stringValue()).isEqualTo("Invalid API key.");
	}

	@Test
	void expiredKeyIsRejected() {
		String key = sandbox.createKey(Set.of(), "PRO", true);
		SandboxHttp.Response response = http.get("/datasets/", key);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("detail").stringValue()).isEqualTo("API key has expired.");
	}

	@Test
	void missingScopeNamesTheRequiredScope() {
		String key = sandbox.createKey(Set.of("datasets.read"), "PRO", false);
		SandboxHttp.Response response = http.post("/datasets/manual-upload/",
				Map.of("name", "x", "data_type", "images", "files", java.util.List.of()), key);
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().get("code").stringValue()).isEqualTo("scope_required");
		assertThat(response.json().get("required_scope").stringValue()).isEqualTo("datasets.write");
		assertThat(http.get("/datasets/", key).status()).isEqualTo(200);
	}

	@Test
	void webhooksNeedOnlyAValidKey() {
		String key = sandbox.createKey(Set.of("datasets.read"), "PRO", false);
		assertThat(http.get("/webhooks/", key).status()).isEqualTo(200);
	}

	@Test
	void cloneAndApproveCheckThePlan() {
		// given
		String datasetUid = http.readyDataset("plan", Map.of("a.jpg", new byte[] { 1 }));
		String projectUid = http.project("plan", datasetUid);
		String freeKey = sandbox.createKey(Set.of(), "STARTER", false);
		// when
		SandboxHttp.Response clone = http.post("/projects/create-from-existing/",
				Map.of("source_project_uid", sandbox.templateProjectUid(), "name", "x", "image_dataset_uid", "nope"),
				freeKey);
		SandboxHttp.Response approve = http.post("/projects/" + projectUid + "/approve/", null, freeKey);
		// then
		assertThat(clone.status()).isEqualTo(403);
		assertThat(clone.json().get("code").stringValue()).isEqualTo("plan_insufficient");
		assertThat(clone.json().get("doc_url").stringValue()).startsWith("https://");
		assertThat(approve.status()).isEqualTo(403);
		assertThat(approve.json().get("code").stringValue()).isEqualTo("plan_insufficient");
	}

	@Test
	void otherOrganisationsResourcesAreNotFound() {
		String datasetUid = http.readyDataset("mine", Map.of("a.jpg", new byte[] { 1 }));
		String otherKey = sandbox.createKey(Set.of(), "PRO", false);
		SandboxHttp.Response response = http.get("/datasets/" + datasetUid + "/", otherKey);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("detail").stringValue()).isEqualTo("Not found.");
	}

	@Test
	void bareProjectCollectionIsForbiddenForOrdinaryKeys() {
		assertThat(http.get("/projects/").status()).isEqualTo(403);
	}

	@Test
	void unknownPathsAndMissingTrailingSlashAreNotFound() {
		assertThat(http.get("/nothing/").status()).isEqualTo(404);
		assertThat(http.get("/datasets").status()).isEqualTo(404);
		assertThat(http.delete("/datasets/").status()).isEqualTo(405);
	}

}
