package ai.avala.pipeline.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaClientConfiguration;
import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.SandboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a wake-up may cut short, with the client wired as the application wires it: the wait for progress yes,
 * a 429's Retry-After no (the retried call would only meet another 429, or break the server's rule).
 */
@ExtendWith(SandboxExtension.class)
class WakeUpTests {

	private static final String SECRET = "whsec_wake_test";

	private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private EmbeddedDatabase database;

	@BeforeEach
	void startDatabase() {
		this.database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.addScript("classpath:schema-avala.sql")
			.build();
	}

	@AfterEach
	void stopDatabase() {
		this.database.shutdown();
	}

	@Test
	void webhookDeliveriesAndStopWakesDoNotCutA429RetryAfterWaitShort(AvalaSandbox sandbox) {
		// given: the next GET /webhooks/ is answered 429 with Retry-After: 3
		sandbox.faults().retryAfter(RETRY_AFTER);
		sandbox.faults().set("GET /webhooks/", FaultRule.none().withFailFirst(1).withErrorStatuses(429));
		clientContext(sandbox).run((context) -> {
			WakeableSleeper sleeper = context.getBean(WakeableSleeper.class);
			try (WebhookReceiver receiver = receiver(sleeper)) {
				CompletableFuture<?> call = CompletableFuture
					.supplyAsync(() -> context.getBean(AvalaClient.class).listWebhooks());
				await().atMost(Duration.ofSeconds(20)).until(() -> !listCalls(sandbox).isEmpty());
				// when: deliveries arrive, and a stop request wakes the sleepers, all through the Retry-After
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
					deliver(receiver);
					sleeper.wakeAll();
					return call.isDone();
				});
				// then
				assertThat(call.join()).isNotNull();
				assertThat(receiver.counters().wakes()).isPositive();
			}
		});
		List<RecordedRequest> calls = listCalls(sandbox);
		assertThat(calls).extracting(RecordedRequest::status).containsExactly(429, 200);
		assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
			.as("the retried call is sent only after Retry-After")
			.isGreaterThanOrEqualTo(RETRY_AFTER);
	}

	private static ApplicationContextRunner clientContext(AvalaSandbox sandbox) {
		return new ApplicationContextRunner().withConfiguration(UserConfigurations.of(AvalaClientConfiguration.class))
			.withPropertyValues("avala.base-url=" + sandbox.baseUrl(), "avala.api-key=" + sandbox.apiKey(),
					"avala.retry.base-delay=20ms");
	}

	private WebhookReceiver receiver(WakeableSleeper sleeper) {
		WebhookProperties properties = new WebhookProperties(0, "127.0.0.1", null, SECRET, Duration.ofHours(72), 64,
				Duration.ofSeconds(10));
		DeliveryStore store = new DeliveryStore(this.database, Clock.systemUTC(), properties.dedupeRetention());
		return WebhookReceiver.start(properties, store, sleeper, new AwaitedProjects());
	}

	private void deliver(WebhookReceiver receiver) throws Exception {
		byte[] body = "{\"uid\":\"p-1\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(receiver.url())
			.header("X-Avala-Webhook-Signature", WebhookSignature.sign(body, SECRET))
			.header("X-Avala-Webhook-Event", "project.status_changed")
			.header("X-Avala-Webhook-Delivery", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		assertThat(this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
	}

	private static List<RecordedRequest> listCalls(AvalaSandbox sandbox) {
		return sandbox.requests()
			.stream()
			.filter((r) -> r.method().equals("GET") && r.path().equals("/api/v1/webhooks/"))
			.toList();
	}

}
