package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny JDK HTTP client for tests against a real sandbox.
 */
final class SandboxHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final AvalaSandbox sandbox;

	final HttpClient client = HttpClient.newHttpClient();

	SandboxHttp(AvalaSandbox sandbox) {
		this.sandbox = sandbox;
	}

	record Response(int status, HttpHeaders headers, byte[] body) {

		JsonNode json() {
			return JSON.readTree(body);
		}

		String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

		String header(String name) {
			return headers.firstValue(name).orElse(null);
		}

	}

	Response get(String path) {
		return get(path, sandbox.apiKey());
	}

	Response get(String path, String key) {
		return send(api(path, key).GET());
	}

	Response post(String path, Object body) {
		return post(path, body, sandbox.apiKey());
	}

	Response post(String path, Object body, String key) {
		HttpRequest.BodyPublisher publisher = (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
		return send(api(path, key).header("Content-Type", "application/json").POST(publisher));
	}

	Response delete(String path) {
		return send(api(path, sandbox.apiKey()).DELETE());
	}

	Response put(String url, byte[] body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return send(builder);
	}

	/**
	 * A request whose body has no declared length: the JDK client then sends it with
	 * {@code Transfer-Encoding: chunked}, as WebClient's multipart writer does.
	 */
	Response sendChunked(String method, String url, byte[] body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return send(builder);
	}

	/** GET of an absolute API URL (e.g. a {@code next} link) with the seeded key. */
	Response getUrl(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("X-Avala-Api-Key", sandbox.apiKey()).GET());
	}

	Response getAbsolute(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	Response postAbsolute(String url, byte[] body, String contentType) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	Response control(String method, String path, Object body) {
		byte[] bytes = (body == null) ? new byte[0] : JSON.writeValueAsBytes(body);
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + "/__sandbox/" + path))
			.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)));
	}

	/** Creates an images dataset from a manifest and returns the create answer. */
	JsonNode manifest(String name, Map<String, byte[]> files) {
		List<Map<String, Object>> entries = new ArrayList<>();
		files.forEach((file, bytes) -> entries.add(Map.of("name", file, "size", bytes.length)));
		Response response = post("/datasets/manual-upload/",
				Map.of("name", name, "data_type", "images", "files", entries));
		if (response.status() != 201) {
			throw new AssertionError("manifest upload failed: " + response.status() + " " + response.text());
		}
		return response.json();
	}

	/** Creates a dataset, uploads every file and waits out the indexing delay; returns its uid. */
	String readyDataset(String name, Map<String, byte[]> files) {
		JsonNode created = manifest(name, files);
		for (JsonNode file : created.get("files").values()) {
			Response put = put(file.get("upload_url").stringValue(), files.get(file.get("name").stringValue()));
			if (put.status() != 200) {
				throw new AssertionError("upload failed: " + put.status() + " " + put.text());
			}
		}
		sandbox.clock().advance(sandbox.context().config.indexingDelay());
		return created.get("uid").stringValue();
	}

	/** Clones the template onto a dataset and returns the project uid. */
	String project(String name, String datasetUid) {
		Response response = post("/projects/create-from-existing/", Map.of("source_project_uid",
				sandbox.templateProjectUid(), "name", name, "image_dataset_uid", datasetUid));
		if (response.status() != 201) {
			throw new AssertionError("clone failed: " + response.status() + " " + response.text());
		}
		return response.json().get("uid").stringValue();
	}

	private HttpRequest.Builder api(String path, String key) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
		if (key != null) {
			builder.header("X-Avala-Api-Key", key);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
