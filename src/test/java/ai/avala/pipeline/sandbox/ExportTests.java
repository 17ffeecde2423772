package ai.avala.pipeline.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ExportTests extends SandboxTestSupport {

	@Test
	void unknownFormatIsRejected() {
		String datasetUid = http.readyDataset("f", Map.of("a.jpg", new byte[1]));
		SandboxHttp.Response response = http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "pascal"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().has("format")).isTrue();
	}

	@Test
	void cocoExportCompletesWithAZipNamingTheFiles() throws IOException {
		// given
		String datasetUid = http.readyDataset("coco", files());
		JsonNode created = http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco")).json();
		assertThat(created.get("status").stringValue()).isEqualTo("pending");
		assertThat(created.get("download_url").isNull()).isTrue();
		String uid = created.get("uid").stringValue();
		// when
		sandbox.clock().advance(Duration.ofSeconds(10));
		assertThat(export(uid).get("status").stringValue()).isEqualTo("processing");
		sandbox.clock().advance(Duration.ofSeconds(60));
		JsonNode done = export(uid);
		// then
		assertThat(done.get("status").stringValue()).isEqualTo("completed");
		assertThat(done.get("datasets").get(0).stringValue()).isEqualTo(datasetUid);
		SandboxHttp.Response zip = http.getAbsolute(done.get("download_url").stringValue());
		assertThat(zip.status()).isEqualTo(200);
		assertThat((long) zip.body().length).isEqualTo(done.get("size_bytes").asLong());
		Map<String, String> entries = unzip(zip.body());
		assertThat(entries).containsOnlyKeys("annotations.json");
		JsonNode coco = SandboxHttp.JSON.readTree(entries.get("annotations.json"));
		assertThat(coco.get("images")).hasSize(2);
		assertThat(coco.get("images").get(0).get("file_name").stringValue()).isEqualTo("a.jpg");
		assertThat(coco.get("annotations")).hasSize(2);
		assertThat(sandbox.requests().stream().filter((r) -> r.path().startsWith("/downloads/")).toList())
			.allMatch((r) -> !r.apiKeyPresent());
	}

	@Test
	void yoloExportHasOneTextFilePerImageAndClasses() throws IOException {
		String datasetUid = http.readyDataset("yolo", files());
		String uid = http.post("/exports/", Map.of("dataset", datasetUid, "format", "yolo")).json().get("uid").stringValue();
		sandbox.clock().advance(Duration.ofSeconds(61));
		Map<String, String> entries = unzip(http.getAbsolute(export(uid).get("download_url").stringValue()).body());
		assertThat(entries).containsOnlyKeys("classes.txt", "labels/a.txt", "labels/sub/b.txt");
		assertThat(entries.get("labels/a.txt")).matches("\\d \\d\\.\\d{6} \\d\\.\\d{6} \\d\\.\\d{6} \\d\\.\\d{6}\\R");
	}

	@Test
	void projectExportCarriesProjectAndDatasetAndAvalaJson() throws IOException {
		String datasetUid = http.readyDataset("pj", files());
		String projectUid = http.project("pj", datasetUid);
		http.post("/projects/" + projectUid + "/approve/", null);
		sandbox.completeProject(projectUid);
		JsonNode created = http.post("/exports/", Map.of("project", projectUid)).json();
		assertThat(created.get("format").stringValue()).isEqualTo("avala-json-external");
		assertThat(created.get("projects").get(0).stringValue()).isEqualTo(projectUid);
		assertThat(created.get("datasets").get(0).stringValue()).isEqualTo(datasetUid);
		sandbox.clock().advance(Duration.ofSeconds(61));
		JsonNode done = export(created.get("uid").stringValue());
		assertThat(done.get("total_task_count").asInt()).isEqualTo(2);
		assertThat(done.get("exported_task_count").asInt()).isEqualTo(2);
		Map<String, String> entries = unzip(http.getAbsolute(done.get("download_url").stringValue()).body());
		assertThat(entries.get("avala-json-external.json")).contains("\"file_name\":\"sub/b.jpg\"");
	}

	@Test
	void exportsListNewestFirstAndFilterByDataset() {
		String first = http.readyDataset("one", files());
		String second = http.readyDataset("two", files());
		String a = http.post("/exports/", Map.of("dataset_uid", first, "format", "coco")).json().get("uid").stringValue();
		String b = http.post("/exports/", Map.of("datasets", List.of(second), "format", "yolo", "name", "n",
				"projects", List.of(), "slices", List.of())).json().get("uid").stringValue();
		JsonNode all = http.get("/exports/").json().get("results");
		assertThat(all.get(0).get("uid").stringValue()).isEqualTo(b);
		assertThat(all.get(1).get("uid").stringValue()).isEqualTo(a);
		JsonNode filtered = http.get("/exports/?dataset=" + first).json().get("results");
		assertThat(filtered).hasSize(1);
		assertThat(filtered.get(0).get("uid").stringValue()).isEqualTo(a);
	}

	@Test
	void aSixthExportInProgressIsThrottled() {
		String datasetUid = http.readyDataset("six", files());
		for (int i = 0; i < 5; i++) {
			assertThat(http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco")).status())
				.isEqualTo(201);
		}
		SandboxHttp.Response sixth = http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco"));
		assertThat(sixth.status()).isEqualTo(429);
		assertThat(sixth.header("Retry-After")).isNotNull();
		sandbox.clock().advance(Duration.ofSeconds(61));
		assertThat(http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco")).status()).isEqualTo(201);
	}

	@Test
	void exportsCanBeForcedToFail() {
		String datasetUid = http.readyDataset("fail", files());
		String uid = http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco")).json().get("uid").stringValue();
		sandbox.failExport(uid);
		assertThat(export(uid).get("status").stringValue()).isEqualTo("failed");
		sandbox.setFailNewExports(true);
		String doomed = http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco")).json().get("uid").stringValue();
		sandbox.clock().advance(Duration.ofSeconds(61));
		assertThat(export(doomed).get("status").stringValue()).isEqualTo("failed");
		assertThat(export(doomed).get("download_url").isNull()).isTrue();
	}

	private static JsonNode export(String uid) {
		return http.get("/exports/" + uid + "/").json();
	}

	private static Map<String, byte[]> files() {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("a.jpg", new byte[] { 1 });
		files.put("sub/b.jpg", new byte[] { 2, 3 });
		return files;
	}

	private static Map<String, String> unzip(byte[] zip) throws IOException {
		Map<String, String> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return entries;
	}

}
