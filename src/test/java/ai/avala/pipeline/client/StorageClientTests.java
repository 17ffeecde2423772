package ai.avala.pipeline.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.avala.pipeline.httpserver.JdkHttpServers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Storage transfers against a stub store that is not the sandbox: what goes on the wire (the URL exactly as
 * presigned, length, MD5, the bytes) and how a store's answers come back.
 */
class StorageClientTests {

	@TempDir
	Path folder;

	private HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private StorageClient client;

	@BeforeEach
	void start() throws IOException {
		this.server = JdkHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::serve);
		this.server.start();
		this.client = new StorageClient(WebClient.create(), HttpClient.create(), Duration.ofSeconds(10));
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void putsTheFileToTheUrlExactlyAsPresignedWithLengthAndMd5() throws Exception {
		// given: an S3-style presigned URL, with escapes in path and query that must reach the store untouched
		Path file = Files.write(this.folder.resolve("frame.bin"), "0123456789".getBytes(StandardCharsets.UTF_8));
		String pathAndQuery = "/bucket/frames/a%20b%2B.bin?X-Amz-Credential=AKIA%2F20261129%2Fus-east-1%2Fs3"
				+ "&X-Amz-Signature=ab%3D%3D&X-Amz-Expires=3600";
		this.answers.put("/bucket/frames/a%20b%2B.bin", new Answer(200, "\"781e5e245d69b566979b86e28d23f2c7\"", ""));
		// when
		String etag = this.client.put(url(pathAndQuery), file, 10, "eB5eJF1ptWaXm4bijSPyxw==");
		// then
		assertThat(etag).isEqualTo("781e5e245d69b566979b86e28d23f2c7");
		assertThat(this.received).singleElement().satisfies((r) -> {
			assertThat(r.method()).isEqualTo("PUT");
			assertThat(r.rawPathAndQuery()).isEqualTo(pathAndQuery);
			assertThat(r.header("Content-Length")).isEqualTo("10");
			assertThat(r.header("Content-MD5")).isEqualTo("eB5eJF1ptWaXm4bijSPyxw==");
			assertThat(r.header("Transfer-Encoding")).isNull();
			assertThat(r.body()).isEqualTo("0123456789");
		});
	}

	@Test
	void aStoreWithoutAnEtagAnswersNull() throws Exception {
		Path file = Files.write(this.folder.resolve("a.bin"), new byte[3]);
		this.answers.put("/plain/a.bin", new Answer(201, null, ""));
		assertThat(this.client.put(url("/plain/a.bin"), file, 3, "xQxqPbNgtkyV6E6G9z3Wcg==")).isNull();
	}

	@Test
	void anS3ErrorNamesStatusAndCodeButNeverTheSignature() throws Exception {
		Path file = Files.write(this.folder.resolve("a.bin"), new byte[3]);
		this.answers.put("/bucket/a.bin", new Answer(403, null,
				"<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"));
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.client.put(url("/bucket/a.bin?X-Amz-Signature=secret123"), file, 3, "x"))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.storageCode()).isEqualTo("AccessDenied");
				assertThat(ex.urlExpired()).isTrue();
				assertThat(ex.getMessage()).contains("PUT 127.0.0.1").contains("/bucket/a.bin")
					.doesNotContain("secret123");
			});
	}

	@Test
	void postsTheFormWithItsExactLengthFieldsFirstThenTheFile() throws Exception {
		// given: a presigned form whose fields must come back unchanged and in order, before the file
		byte[] bytes = "file\r\n--not-the-boundary\r\nbytes".getBytes(StandardCharsets.UTF_8);
		Path file = Files.write(this.folder.resolve("frame 1.bin"), bytes);
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		fields.put("key", "uploads/frame 1.bin");
		fields.put("policy", "eyJleHBpcmF0aW9uIjoi");
		fields.put("x-amz-signature", "abc123");
		this.answers.put("/bucket", new Answer(204, null, ""));
		// when
		this.client.postForm(new PresignedPost("POST", url("/bucket"), fields), file, bytes.length);
		// then: a length, not chunks, and exactly the bytes it announced
		assertThat(this.received).singleElement().satisfies((r) -> {
			assertThat(r.method()).isEqualTo("POST");
			assertThat(r.header("Transfer-Encoding")).isNull();
			assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.rawBody().length));
			String boundary = r.header("Content-Type").substring("multipart/form-data; boundary=".length());
			assertThat(r.header("Content-Type")).isEqualTo("multipart/form-data; boundary=" + boundary);
			assertThat(r.body()).isEqualTo("--" + boundary + "\r\n"
					+ "Content-Disposition: form-data; name=\"key\"\r\n\r\nuploads/frame 1.bin\r\n"
					+ "--" + boundary + "\r\n"
					+ "Content-Disposition: form-data; name=\"policy\"\r\n\r\neyJleHBpcmF0aW9uIjoi\r\n"
					+ "--" + boundary + "\r\n"
					+ "Content-Disposition: form-data; name=\"x-amz-signature\"\r\n\r\nabc123\r\n"
					+ "--" + boundary + "\r\n"
					+ "Content-Disposition: form-data; name=\"file\"; filename=\"frame 1.bin\"\r\n"
					+ "Content-Type: application/octet-stream\r\n\r\n"
					+ new String(bytes, StandardCharsets.UTF_8) + "\r\n--" + boundary + "--\r\n");
		});
	}

	@Test
	void aStoreRefusingTheBodysFramingIsNamedAndNotWorthRetrying() throws Exception {
		// given: S3-compatible storage's answer to a body without Content-Length
		Path file = Files.write(this.folder.resolve("a.bin"), new byte[3]);
		this.answers.put("/bucket", new Answer(411, null, "<?xml version=\"1.0\"?><Error><Code>MissingContentLength"
				+ "</Code><Message>You must provide the Content-Length HTTP header.</Message></Error>"));
		// when / then
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.client.postForm(new PresignedPost("POST", url("/bucket"), Map.of()), file, 3))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(411);
				assertThat(ex.storageCode()).isEqualTo("MissingContentLength");
				assertThat(ex.transientFailure()).isFalse();
				assertThat(ex.getMessage()).isEqualTo("storage POST 127.0.0.1:" + this.server.getAddress().getPort()
						+ "/bucket failed (HTTP 411, MissingContentLength): You must provide the Content-Length HTTP header.");
			});
	}

	private String url(String pathAndQuery) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery;
	}

	@Test
	void aDownloadFollowsRedirectsToTheStoreWithoutTheKey() {
		// given: a short link answering 307 with a relative Location, as S3 and CDNs may send
		this.answers.put("/short", new Answer(307, null, "", "/store/export.zip?X-Amz-Signature=abc"));
		this.answers.put("/store/export.zip", new Answer(200, null, "the export"));
		Path target = this.folder.resolve("export.part");
		// when
		long bytes = this.client.download(url("/short"), target);
		// then
		assertThat(bytes).isEqualTo(10);
		assertThat(target).hasContent("the export");
		assertThat(this.received).extracting(Received::rawPathAndQuery)
			.containsExactly("/short", "/store/export.zip?X-Amz-Signature=abc");
		assertThat(this.received).allSatisfy((r) -> assertThat(r.header("X-Avala-Api-Key")).isNull());
	}

	@Test
	void aDownloadRedirectLoopEndsInOneErrorNotWorthRetrying() {
		this.answers.put("/loop", new Answer(302, null, "", url("/loop")));
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.client.download(url("/loop"), this.folder.resolve("x.part")))
			.withMessageContaining("redirects")
			.satisfies((ex) -> assertThat(RetryPolicy.decide(ex)).isEqualTo(RetryPolicy.Decision.GIVE_UP));
		assertThat(this.received).hasSize(6);
	}

	private void serve(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String raw = exchange.getRequestURI().getRawPath()
				+ ((exchange.getRequestURI().getRawQuery() != null) ? "?" + exchange.getRequestURI().getRawQuery() : "");
		List<String[]> headers = new ArrayList<>();
		exchange.getRequestHeaders().forEach((name, values) -> values.forEach((v) -> headers.add(new String[] { name, v })));
		this.received.add(new Received(exchange.getRequestMethod(), raw, headers, body));
		Answer answer = this.answers.getOrDefault(exchange.getRequestURI().getRawPath(), new Answer(404, null, ""));
		if (answer.etag() != null) {
			exchange.getResponseHeaders().set("ETag", answer.etag());
		}
		if (answer.location() != null) {
			exchange.getResponseHeaders().set("Location", answer.location());
		}
		byte[] text = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(answer.status(), (text.length == 0) ? -1 : text.length);
		if (text.length > 0) {
			exchange.getResponseBody().write(text);
		}
		exchange.close();
	}

	private record Answer(int status, String etag, String body, String location) {

		Answer(int status, String etag, String body) {
			this(status, etag, body, null);
		}

	}

	private record Received(String method, String rawPathAndQuery, List<String[]> headers, byte[] rawBody) {

		String body() {
			return new String(this.rawBody, StandardCharsets.UTF_8);
		}

		String header(String name) {
			return this.headers.stream().filter((h) -> h[0].equalsIgnoreCase(name)).map((h) -> h[1]).findFirst()
				.orElse(null);
		}

	}

}
