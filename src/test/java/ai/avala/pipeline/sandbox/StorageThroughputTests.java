package ai.avala.pipeline.sandbox;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class StorageThroughputTests extends SandboxTestSupport {

	@Test
	void manyConcurrentPutsAreAllStored() {
		// given
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 0; i < 2000; i++) {
			files.put("f/" + i + ".bin", ("content " + i).getBytes());
		}
		JsonNode created = http.manifest("many", files);
		HttpClient client = HttpClient.newHttpClient();
		// when
		List<CompletableFuture<HttpResponse<Void>>> puts = new ArrayList<>();
		for (JsonNode file : created.get("files").values()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(file.get("upload_url").stringValue()))
				.PUT(HttpRequest.BodyPublishers.ofByteArray(files.get(file.get("name").stringValue())))
				.build();
			puts.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
		}
		// then
		assertThat(puts).allMatch((put) -> put.join().statusCode() == 200);
		assertThat(sandbox.storedFiles(created.get("uid").stringValue())).hasSize(2000);
	}

	@Test
	void concurrentRequestsAreLoggedWithTheirOwnStatus() {
		// given: every other PUT carries a wrong Content-MD5 (400 BadDigest), all sent at once
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 0; i < 200; i++) {
			files.put("mixed/" + i + ".bin", ("content " + i).getBytes());
		}
		JsonNode created = http.manifest("mixed", files);
		HttpClient client = HttpClient.newHttpClient();
		List<CompletableFuture<HttpResponse<Void>>> puts = new ArrayList<>();
		for (JsonNode file : created.get("files").values()) {
			int index = Integer.parseInt(file.get("name").stringValue().replaceAll("\\D", ""));
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(file.get("upload_url").stringValue()))
				.PUT(HttpRequest.BodyPublishers.ofByteArray(files.get(file.get("name").stringValue())));
			if (index % 2 == 1) {
				request.header("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==");
			}
			puts.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()));
		}
		puts.forEach(CompletableFuture::join);
		// then: the request log pairs each PUT with the status it was answered (the object's index is its path)
		List<RecordedRequest> logged = sandbox.requests().stream().filter((r) -> r.method().equals("PUT")).toList();
		assertThat(logged).hasSize(200).allSatisfy((r) -> {
			int index = Integer.parseInt(r.path().substring(r.path().lastIndexOf('/') + 1));
			String name = created.get("files").get(index).get("name").stringValue();
			int expected = (Integer.parseInt(name.replaceAll("\\D", "")) % 2 == 1) ? 400 : 200;
			assertThat(r.status()).as(r.path()).isEqualTo(expected);
		});
	}

	@Test
	void aLargeUploadIsStreamed() throws Exception {
		long size = 256L << 20;
		JsonNode created = http.post("/datasets/manual-upload/", Map.of("name", "large", "data_type", "video", "files",
				List.of(Map.of("name", "big.mp4", "size", size)))).json();
		MessageDigest md5 = MessageDigest.getInstance("MD5");
		HttpRequest request = HttpRequest.newBuilder(URI.create(created.get("files").get(0).get("upload_url").stringValue()))
			.PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(size)),
					size))
			.build();
		HttpResponse<Void> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
		byte[] chunk = new byte[1 << 20];
		for (long done = 0; done < size; done += chunk.length) {
			md5.update(chunk);
		}
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("ETag")).hasValue("\"" + HexFormat.of().formatHex(md5.digest()) + "\"");
	}

	private static InputStream zeros(long size) {
		return new InputStream() {

			long left = size;

			@Override
			public int read() {
				if (left == 0) {
					return -1;
				}
				left--;
				return 0;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (left == 0) {
					return -1;
				}
				int n = (int) Math.min(len, left);
				java.util.Arrays.fill(b, off, off + n, (byte) 0);
				left -= n;
				return n;
			}

		};
	}

}
