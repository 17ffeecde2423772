package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestUploadTests extends SandboxTestSupport {

	@Test
	void manifestAnswerHasAnUploadUrlPerFile() {
		JsonNode created = http.manifest("cats", files("a.jpg", "dir/b.jpg"));
		assertThat(created.get("status").stringValue()).isEqualTo("creating");
		assertThat(created.get("data_type").stringValue()).isEqualTo("images");
		assertThat(created.get("files")).hasSize(2);
		JsonNode file = created.get("files").get(0);
		assertThat(file.get("upload_url").stringValue()).startsWith("http://127.0.0.1:" + sandbox.port() + "/storage/");
		assertThat(file.get("expires_at").stringValue()).endsWith("Z");
		assertThat(sandbox.stats().datasets()).isEqualTo(1);
	}

	@Test
	void invalidFileNamesAreNamedByIndex() {
		List<Map<String, Object>> entries = new ArrayList<>();
		for (String name : List.of("a.jpg", "b.jpg", "c.jpg", "x/../y.jpg", "/abs.jpg", "a//b.jpg", "back\\slash",
				"a.jpg")) {
			entries.add(Map.of("name", name, "size", 1));
		}
		entries.add(Map.of("name", "big.bin", "size", (5L << 30) + 1));
		entries.add(Map.of("name", "neg.bin", "size", -1));
		SandboxHttp.Response response = http.post("/datasets/manual-upload/",
				Map.of("name", "bad", "data_type", "images", "files", entries));
		assertThat(response.status()).isEqualTo(400);
		List<String> errors = new ArrayList<>();
		response.json().get("files").values().forEach((node) -> errors.add(node.stringValue()));
		assertThat(errors).contains("files[3].name: must not contain '..' segments",
				"files[4].name: must not start with '/'", "files[5].name: must not contain empty segments",
				"files[6].name: must not contain backslashes", "files[8].size: must be at most 5 GiB (5368709120 bytes)",
				"files[9].size: must be an integer >= 0");
		assertThat(sandbox.stats().datasets()).isZero();
	}

	@Test
	void duplicateNamesAndBadDataTypeAreRejected() {
		SandboxHttp.Response response = http.post("/datasets/manual-upload/", Map.of("name", "dup", "data_type",
				"pictures", "files", List.of(Map.of("name", "a", "size", 1), Map.of("name", "a", "size", 2))));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("files").get(0).stringValue()).isEqualTo("files[1].name: duplicate of files[0].name");
		assertThat(response.json().get("data_type").get(0).stringValue()).isEqualTo("\"pictures\" is not a valid choice.");
	}

	@Test
	void putAnswersTheMd5AsETagAndOverwrites() throws Exception {
		// given
		byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
		JsonNode created = http.manifest("etag", Map.of("a.txt", bytes));
		String url = created.get("files").get(0).get("upload_url").stringValue();
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
		// when
		SandboxHttp.Response first = http.put(url, bytes);
		SandboxHttp.Response second = http.put(url, bytes);
		// then
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("ETag")).isEqualTo("\"" + md5 + "\"");
		assertThat(second.status()).isEqualTo(200);
		StoredFile stored = sandbox.storedFiles(created.get("uid").stringValue()).get("a.txt");
		assertThat(stored).isEqualTo(new StoredFile(5, md5, 2));
	}

	@Test
	void wrongLengthIsAnIncompleteBody() {
		JsonNode created = http.manifest("short", Map.of("a.txt", new byte[10]));
		SandboxHttp.Response response = http.put(created.get("files").get(0).get("upload_url").stringValue(),
				new byte[9]);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text()).contains("<Code>IncompleteBody</Code>");
		assertThat(sandbox.storedFiles(created.get("uid").stringValue())).isEmpty();
	}

	@Test
	void chunkedPutIsRefusedWithMissingContentLengthAsS3CompatibleStorageDoes() {
		// given
		JsonNode created = http.manifest("chunked", Map.of("a.txt", new byte[10]));
		String url = created.get("files").get(0).get("upload_url").stringValue();
		// when: the right bytes, but framed without a length
		SandboxHttp.Response response = http.sendChunked("PUT", url, new byte[10]);
		// then
		assertThat(response.status()).isEqualTo(411);
		assertThat(response.text()).contains("<Code>MissingContentLength</Code>")
			.contains("<Message>You must provide the Content-Length HTTP header.</Message>");
		assertThat(sandbox.storedFiles(created.get("uid").stringValue())).isEmpty();
		assertThat(http.put(url, new byte[10]).status()).isEqualTo(200);
	}

	@Test
	void wrongContentMd5IsABadDigest() throws Exception {
		byte[] bytes = "payload".getBytes(StandardCharsets.UTF_8);
		JsonNode created = http.manifest("digest", Map.of("a.txt", bytes));
		String url = created.get("files").get(0).get("upload_url").stringValue();
		String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[1]));
		String right = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
		SandboxHttp.Response bad = http.put(url, bytes, "Content-MD5", wrong);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.text()).contains("<Code>BadDigest</Code>");
		assertThat(http.put(url, bytes, "Content-MD5", right).status()).isEqualTo(200);
	}

	@Test
	void expiredUrlIsAccessDenied() {
		JsonNode created = http.manifest("late", Map.of("a.txt", new byte[3]));
		sandbox.clock().advance(Duration.ofHours(24).plusSeconds(1));
		SandboxHttp.Response response = http.put(created.get("files").get(0).get("upload_url").stringValue(),
				new byte[3]);
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.text()).contains("<Code>AccessDenied</Code><Message>Request has expired</Message>");
	}

	@Test
	void tamperedUrlIsRejected() {
		JsonNode created = http.manifest("tamper", Map.of("a.txt", new byte[3], "b.txt", new byte[3]));
		String url = created.get("files").get(0).get("upload_url").stringValue();
		String other = url.replaceFirst("/0\\?", "/1?");
		assertThat(http.put(other, new byte[3]).status()).isEqualTo(403);
	}

	@Test
	void datasetIsCreatedAfterAllFilesAndTheIndexingDelay() {
		// given
		Map<String, byte[]> files = files("a.jpg", "b.jpg");
		JsonNode created = http.manifest("ready", files);
		String uid = created.get("uid").stringValue();
		// when one file is uploaded, then the other
		http.put(created.get("files").get(0).get("upload_url").stringValue(), files.get("a.jpg"));
		sandbox.clock().advance(Duration.ofMinutes(5));
		assertThat(status(uid)).isEqualTo("creating");
		http.put(created.get("files").get(1).get("upload_url").stringValue(), files.get("b.jpg"));
		// then
		assertThat(status(uid)).isEqualTo("creating");
		sandbox.clock().advance(Duration.ofSeconds(30));
		JsonNode dataset = http.get("/datasets/" + uid + "/").json();
		assertThat(dataset.get("status").stringValue()).isEqualTo("created");
		assertThat(dataset.get("item_count").asInt()).isEqualTo(2);
	}

	@Test
	void storageRequestsAreRecordedWithoutTheKey() {
		http.readyDataset("nokey", files("a.jpg"));
		List<RecordedRequest> puts = sandbox.requests().stream().filter((r) -> r.method().equals("PUT")).toList();
		assertThat(puts).hasSize(1);
		assertThat(puts.get(0).apiKeyPresent()).isFalse();
		assertThat(puts.get(0).status()).isEqualTo(200);
		assertThat(sandbox.stats().filePuts()).isEqualTo(1);
	}

	@Test
	void datasetListFiltersByNameAndPagesWithAbsoluteNextLinks() {
		// given
		for (int i = 0; i < 3; i++) {
			http.manifest("paged", files("a.jpg"));
		}
		http.manifest("other", files("a.jpg"));
		// when
		JsonNode first = http.get("/datasets/?name=paged&limit=2").json();
		String next = first.get("next").stringValue();
		JsonNode second = http.getUrl(next).json();
		// then
		assertThat(first.get("results")).hasSize(2);
		assertThat(next).startsWith(sandbox.baseUrl() + "/datasets/?");
		assertThat(second.get("results")).hasSize(1);
		assertThat(second.get("next").isNull()).isTrue();
		assertThat(second.get("previous").isNull()).isFalse();
	}

	@Test
	void diskModeWritesTheBytes(@TempDir Path dir) throws Exception {
		try (AvalaSandbox disk = AvalaSandbox.start(SandboxConfig.defaults().withStorage(StorageMode.DISK, dir))) {
			SandboxHttp diskHttp = new SandboxHttp(disk);
			byte[] bytes = "on disk".getBytes(StandardCharsets.UTF_8);
			String uid = diskHttp.readyDataset("disk", Map.of("sub/dir/a.txt", bytes));
			assertThat(Files.readAllBytes(dir.resolve(uid).resolve("sub/dir/a.txt"))).isEqualTo(bytes);
		}
	}

	@Test
	void largeManifestIsAccepted() {
		int count = 20_000;
		StringBuilder body = new StringBuilder("{\"name\":\"big\",\"data_type\":\"images\",\"files\":[");
		for (int i = 0; i < count; i++) {
			body.append(i == 0 ? "" : ",").append("{\"name\":\"img/").append(i).append(".jpg\",\"size\":1}");
		}
		body.append("]}");
		SandboxHttp.Response response = http.post("/datasets/manual-upload/",
				SandboxHttp.JSON.readTree(body.toString()));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().get("files")).hasSize(count);
		assertThat(response.json().get("item_count").asInt()).isEqualTo(count);
	}

	private String status(String uid) {
		return http.get("/datasets/" + uid + "/").json().get("status").stringValue();
	}

	private static Map<String, byte[]> files(String... names) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (String name : names) {
			files.put(name, name.getBytes(StandardCharsets.UTF_8));
		}
		return files;
	}

}
