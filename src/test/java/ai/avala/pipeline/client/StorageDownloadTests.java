package ai.avala.pipeline.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * Export downloads against a stub store that is not the sandbox: a download URL that redirects (a short link to
 * the store) is followed, without any API key, and a redirect loop ends in one clear error.
 */
class StorageDownloadTests {

	private static final byte[] BODY = "the export".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path folder;

	private HttpServer server;

	private final List<String> requests = new CopyOnWriteArrayList<>();

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
	void followsRedirectsToTheStore() {
		// given: /short redirects to /store/export.zip, relative Location as S3 and CDNs may send
		Path target = this.folder.resolve("export.part");
		// when
		long bytes = this.client.download(url("/short"), target);
		// then
		assertThat(bytes).isEqualTo(BODY.length);
		assertThat(target).hasBinaryContent(BODY);
		assertThat(this.requests).containsExactly("/short", "/store/export.zip");
	}

	@Test
	void aRedirectLoopEndsInOneError() {
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.client.download(url("/loop"), this.folder.resolve("x.part")))
			.withMessageContaining("redirects")
			.satisfies((ex) -> assertThat(RetryPolicy.decide(ex)).isEqualTo(RetryPolicy.Decision.GIVE_UP));
		assertThat(this.requests).hasSize(6);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	private void serve(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		this.requests.add(path);
		if (exchange.getRequestHeaders().containsKey("X-Avala-Api-Key")) {
			exchange.sendResponseHeaders(400, -1);
		}
		else if (path.equals("/short")) {
			exchange.getResponseHeaders().set("Location", "/store/export.zip?X-Amz-Signature=abc");
			exchange.sendResponseHeaders(307, -1);
		}
		else if (path.equals("/loop")) {
			exchange.getResponseHeaders().set("Location", url("/loop"));
			exchange.sendResponseHeaders(302, -1);
		}
		else {
			exchange.sendResponseHeaders(200, BODY.length);
			exchange.getResponseBody().write(BODY);
		}
		exchange.close();
	}

}
