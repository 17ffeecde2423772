package ai.avala.pipeline.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.metrics.WebhookMeters;
import ai.avala.pipeline.support.Scrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each delivery the receiver answers is counted once in {@code avala_webhook_deliveries_total} under its outcome,
 * read from a Prometheus scrape; over real HTTP on loopback, with the delivery store in an embedded H2 database.
 */
class WebhookMetersTests {

	private static final String SECRET = "whsec_meters_0123456789";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
		.generateUniqueName(true)
		.addScript("classpath:schema-avala.sql")
		.build();

	private final WebhookReceiver receiver = WebhookReceiver.start(
			new WebhookProperties(0, "127.0.0.1", null, SECRET, Duration.ofHours(72), 64, Duration.ofSeconds(10)),
			new DeliveryStore(this.database, Clock.systemUTC(), Duration.ofHours(72)), new WakeableSleeper(),
			new AwaitedProjects(), new WebhookMeters(this.registry));

	@AfterEach
	void stop() {
		this.receiver.close();
		this.database.shutdown();
	}

	@Test
	void deliveriesAreCountedByOutcome() throws Exception {
		// given
		byte[] body = "{\"uid\":\"p-1\",\"status\":\"active\"}".getBytes(StandardCharsets.UTF_8);
		String signature = WebhookSignature.sign(body, SECRET);
		// when: two new deliveries, one of them sent twice, a forged one, one unsigned, and a GET
		assertThat(post(body, signature, "d-1")).isEqualTo(204);
		assertThat(post(body, signature, "d-1")).isEqualTo(204);
		assertThat(post(body, signature, "d-2")).isEqualTo(204);
		assertThat(post(body, WebhookSignature.sign(body, "another-secret"), "d-3")).isEqualTo(401);
		assertThat(post(body, null, "d-4")).isEqualTo(401);
		assertThat(this.http.send(HttpRequest.newBuilder(this.receiver.url()).GET().build(),
				HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
		// then
		Scrape scrape = Scrape.parse(this.registry.scrape());
		assertThat(scrape.sumBy("avala_webhook_deliveries_total", "outcome", (labels) -> true)).isEqualTo(
				Map.of("accepted", 2.0, "duplicate", 1.0, "rejected-signature", 2.0, "rejected-other", 1.0));
		assertThat(this.receiver.counters().rejectedOther()).isOne();
	}

	private int post(byte[] body, String signature, String delivery) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.receiver.url().toString()))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.header("X-Avala-Webhook-Event", "project.status_changed")
			.header("X-Avala-Webhook-Delivery", delivery)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("X-Avala-Webhook-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
