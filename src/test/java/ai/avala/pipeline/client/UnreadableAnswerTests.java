package ai.avala.pipeline.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.avala.pipeline.httpserver.JdkHttpServers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A 200 whose body is not the JSON the contract promises (a proxy's HTML page, a body cut short) is the
 * service's fault: retried like a 5xx, and reported against the request, never as a parser's stack trace.
 */
class UnreadableAnswerTests {

	private HttpServer server;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private volatile String answer = "<html><body>502 Bad Gateway</body></html>";

	@BeforeEach
	void start() throws IOException {
		this.server = JdkHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::serve);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void anHtmlPageAnswered200IsRetriedThenReportedAgainstTheRequest() {
		runner().run((context) -> {
			AvalaClient api = context.getBean(AvalaClient.class);
			assertThatExceptionOfType(AvalaServerException.class).isThrownBy(() -> api.getProject("p1"))
				.withMessageContaining("GET /api/v1/projects/p1/ failed (HTTP 200)")
				.withMessageContaining("not the JSON expected")
				.withMessageContaining("502 Bad Gateway");
			assertThat(this.requests).hasSize(3);
		});
	}

	@Test
	void aSecretInABodyCutShortIsNotEchoed() {
		this.answer = "{\"uid\": \"w1\", \"secret\": \"s3cr3t-value\", \"target_url\": \"http://x";
		runner().run((context) -> {
			AvalaClient api = context.getBean(AvalaClient.class);
			assertThatExceptionOfType(AvalaServerException.class)
				.isThrownBy(() -> api.createWebhook("http://x", List.of("result.accepted"), "s3cr3t-value"))
				.withMessageNotContaining("s3cr3t-value");
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withUserConfiguration(AvalaClientConfiguration.class)
			.withPropertyValues("avala.base-url=http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v1",
					"avala.api-key=test-key", "avala.retry.max-attempts=3", "avala.retry.base-delay=1ms",
					"avala.retry.max-delay=2ms");
	}

	private void serve(HttpExchange exchange) throws IOException {
		this.requests.add(exchange.getRequestURI().getPath());
		exchange.getRequestBody().readAllBytes();
		byte[] body = this.answer.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

}
