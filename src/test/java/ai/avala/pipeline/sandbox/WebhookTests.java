package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ai.avala.pipeline.httpserver.JdkHttpServers;
import ai.avala.pipeline.webhook.WebhookSignature;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookTests extends SandboxTestSupport {

	HttpServer receiver;

	final List<Received> received = new CopyOnWriteArrayList<>();

	final AtomicInteger failuresLeft = new AtomicInteger();

	record Received(String event, String delivery, String signature, byte[] body) {
	}

	@BeforeEach
	void startReceiver() throws IOException {
		receiver = JdkHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Received(exchange.getRequestHeaders().getFirst("X-Avala-Webhook-Event"),
					exchange.getRequestHeaders().getFirst("X-Avala-Webhook-Delivery"),
					exchange.getRequestHeaders().getFirst("X-Avala-Webhook-Signature"), body));
			exchange.sendResponseHeaders((failuresLeft.getAndDecrement() > 0) ? 500 : 204, -1);
			exchange.close();
		});
		receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		receiver.stop(0);
	}

	@Test
	void registrationShowsTheSecretOnlyOnce() {
		JsonNode created = register(List.of("export.completed"), "s3cret");
		assertThat(created.get("secret").stringValue()).isEqualTo("s3cret");
		assertThat(created.get("is_active").asBoolean()).isTrue();
		String uid = created.get("uid").stringValue();
		JsonNode read = http.get("/webhooks/" + uid + "/").json();
		assertThat(read.has("secret")).isFalse();
		assertThat(http.get("/webhooks/").json().get("results")).hasSize(1);
		assertThat(http.delete("/webhooks/" + uid + "/").status()).isEqualTo(204);
		assertThat(http.get("/webhooks/" + uid + "/").status()).isEqualTo(404);
	}

	@Test
	void statusChangeIsDeliveredWithAValidSignature() {
		// given
		register(List.of("project.status_changed"), "topsecret");
		String projectUid = http.project("hook", http.readyDataset("hook", Map.of("a.jpg", new byte[1])));
		// when
		http.post("/projects/" + projectUid + "/approve/", null);
		// then
		await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
		Received delivery = received.get(0);
		assertThat(delivery.event()).isEqualTo("project.status_changed");
		assertThat(WebhookSignature.verify(delivery.body(), "topsecret", delivery.signature())).isTrue();
		assertThat(WebhookSignature.verify(delivery.body(), "wrong", delivery.signature())).isFalse();
		JsonNode project = SandboxHttp.JSON.readTree(delivery.body());
		assertThat(project.get("uid").stringValue()).isEqualTo(projectUid);
		assertThat(project.get("status").stringValue()).isEqualTo("active");
		await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.stats().webhookDeliveries() == 1);
	}

	@Test
	void exportCompletionAndResultsAreDelivered() {
		register(List.of("export.completed", "result.accepted", "result.submitted"), "k");
		String datasetUid = http.readyDataset("exp", Map.of("a.jpg", new byte[1], "b.jpg", new byte[1]));
		String projectUid = http.project("exp", datasetUid);
		http.post("/projects/" + projectUid + "/approve/", null);
		sandbox.completeProject(projectUid);
		http.post("/exports/", Map.of("dataset_uid", datasetUid, "format", "coco"));
		sandbox.clock().advance(Duration.ofSeconds(61));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> received.stream().filter((r) -> r.event().equals("export.completed")).count() == 1
					&& received.stream().filter((r) -> r.event().equals("result.accepted")).count() == 2);
		JsonNode result = SandboxHttp.JSON.readTree(received.stream()
			.filter((r) -> r.event().equals("result.accepted"))
			.findFirst()
			.orElseThrow()
			.body());
		assertThat(result.get("project_uid").stringValue()).isEqualTo(projectUid);
		assertThat(result.get("status").stringValue()).isEqualTo("accepted");
	}

	@Test
	void failedDeliveriesAreRetriedWithTheSameDeliveryId() {
		// given
		failuresLeft.set(2);
		register(List.of("project.status_changed"), "k");
		String projectUid = http.project("retry", http.readyDataset("retry", Map.of("a.jpg", new byte[1])));
		// when
		http.post("/projects/" + projectUid + "/approve/", null);
		await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
		sandbox.clock().advance(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
		sandbox.clock().advance(Duration.ofSeconds(2));
		await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
		// then
		assertThat(received).extracting(Received::delivery).containsOnly(received.get(0).delivery());
		await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.stats().webhookDeliveries() == 1);
	}

	private JsonNode register(List<String> events, String secret) {
		SandboxHttp.Response response = http.post("/webhooks/", Map.of("target_url",
				"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "events", events, "secret", secret));
		assertThat(response.status()).isEqualTo(201);
		assertThat(sandbox.stats().webhooksRegistered()).isPositive();
		return response.json();
	}

}
