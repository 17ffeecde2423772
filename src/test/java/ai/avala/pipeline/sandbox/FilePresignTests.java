package ai.avala.pipeline.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FilePresignTests extends SandboxTestSupport {

	static final String BOUNDARY = "----sandbox-test-boundary";


	@Test
	void presignUploadAndFinaliseCreateADataset() {
		// given
		byte[] a = "first file".getBytes(StandardCharsets.UTF_8);
		byte[] b = "second\r\n--not-a-boundary".getBytes(StandardCharsets.UTF_8);
		// when
		assertThat(upload(presign("sdk", "a.jpg", a.length), a).status()).isEqualTo(204);
		assertThat(upload(presign("sdk", "dir/b.jpg", b.length), b).status()).isEqualTo(204);
		SandboxHttp.Response finalised = http.post("/datasets/manual-upload/", Map.of("name", "sdk", "slug", "sdk",
				"data_type", "images", "visibility", "private", "create_metadata", true));
		// then
		assertThat(finalised.status()).isEqualTo(201);
		String uid = finalised.json().get("uid").stringValue();
		assertThat(finalised.json().get("item_count").asInt()).isEqualTo(2);
		assertThat(sandbox.storedFiles(uid)).containsOnlyKeys("a.jpg", "dir/b.jpg");
		assertThat(sandbox.storedFiles(uid).get("dir/b.jpg").size()).isEqualTo(b.length);
		sandbox.clock().advance(Duration.ofSeconds(30));
		assertThat(http.get("/datasets/" + uid + "/").json().get("status").stringValue()).isEqualTo("created");
	}

	@Test
	void duplicateSlugIsRejected() {
		Map<String, Object> body = Map.of("name", "n", "slug", "same", "data_type", "images");
		assertThat(http.post("/datasets/manual-upload/", body).status()).isEqualTo(201);
		SandboxHttp.Response again = http.post("/datasets/manual-upload/", body);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.json().has("slug")).isTrue();
	}

	@Test
	void uploadWithoutTheFieldsIsDenied() {
		byte[] bytes = new byte[4];
		JsonNode grant = presign("nofields", "a.jpg", bytes.length);
		byte[] body = multipart(Map.of(), bytes);
		SandboxHttp.Response response = http.postAbsolute(grant.get("url").stringValue(), body,
				"multipart/form-data; boundary=" + BOUNDARY);
		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void chunkedFormUploadIsRefusedWithMissingContentLength() {
		// given
		byte[] bytes = "chunked form".getBytes(StandardCharsets.UTF_8);
		JsonNode grant = presign("chunked", "a.jpg", bytes.length);
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		grant.get("fields").properties().forEach((entry) -> fields.put(entry.getKey(), entry.getValue().stringValue()));
		// when: a well-formed form, but framed without a length
		SandboxHttp.Response response = http.sendChunked("POST", grant.get("url").stringValue(),
				multipart(fields, bytes), "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
		// then
		assertThat(response.status()).isEqualTo(411);
		assertThat(response.text()).contains("<Code>MissingContentLength</Code>");
		assertThat(upload(grant, bytes).status()).isEqualTo(204);
	}

	@Test
	void presigningADeclaredFileOfAManifestDatasetStoresIntoIt() {
		// given a manifest dataset whose second URL was lost
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		files.put("a.jpg", new byte[] { 1 });
		files.put("b.jpg", new byte[] { 2, 2 });
		JsonNode created = http.manifest("meet", files);
		String uid = created.get("uid").stringValue();
		http.put(created.get("files").get(0).get("upload_url").stringValue(), files.get("a.jpg"));
		// when the missing file is presigned by dataset name
		assertThat(upload(presign("meet", "b.jpg", 2), files.get("b.jpg")).status()).isEqualTo(204);
		// then it counts towards the manifest dataset
		assertThat(sandbox.storedFiles(uid)).containsOnlyKeys("a.jpg", "b.jpg");
		sandbox.clock().advance(Duration.ofSeconds(30));
		assertThat(http.get("/datasets/" + uid + "/").json().get("status").stringValue()).isEqualTo("created");
	}

	@Test
	void presignValidatesThePath() {
		SandboxHttp.Response response = http.post("/datasets/manual-upload/file-upload-url/",
				Map.of("dataset_name", "x", "file_path_in_dataset", "../a.jpg", "content_length", 1));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("file_path_in_dataset").get(0).stringValue())
			.isEqualTo("must not contain '..' segments");
	}

	private static JsonNode presign(String dataset, String path, long length) {
		SandboxHttp.Response response = http.post("/datasets/manual-upload/file-upload-url/",
				Map.of("dataset_name", dataset, "file_path_in_dataset", path, "content_length", length));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("method").stringValue()).isEqualTo("POST");
		return response.json();
	}

	private static SandboxHttp.Response upload(JsonNode grant, byte[] file) {
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		grant.get("fields").properties().forEach((entry) -> fields.put(entry.getKey(), entry.getValue().stringValue()));
		return http.postAbsolute(grant.get("url").stringValue(), multipart(fields, file),
				"multipart/form-data; boundary=" + BOUNDARY);
	}

	private static byte[] multipart(Map<String, String> fields, byte[] file) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		fields.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
				+ name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
		out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		out.writeBytes(file);
		out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

}
