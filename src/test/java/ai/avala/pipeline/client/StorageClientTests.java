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
 * The presigned PUT against a stub store that is not the sandbox: what goes on the wire (the URL exactly as
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

	private String url(String pathAndQuery) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery;
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
		this.received.add(new Received(exchange.getRequestMethod(), raw, headers, new String(body, StandardCharsets.UTF_8)));
		Answer answer = this.answers.getOrDefault(exchange.getRequestURI().getRawPath(), new Answer(404, null, ""));
		if (answer.etag() != null) {
			exchange.getResponseHeaders().set("ETag", answer.etag());
		}
		byte[] text = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(answer.status(), (text.length == 0) ? -1 : text.length);
		if (text.length > 0) {
			exchange.getResponseBody().write(text);
		}
		exchange.close();
	}

	private record Answer(int status, String etag, String body) {
	}

	private record Received(String method, String rawPathAndQuery, List<String[]> headers, String body) {

		String header(String name) {
			return this.headers.stream().filter((h) -> h[0].equalsIgnoreCase(name)).map((h) -> h[1]).findFirst()
				.orElse(null);
		}

	}

}
