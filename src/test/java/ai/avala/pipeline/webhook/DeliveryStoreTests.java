package ai.avala.pipeline.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStoreTests {

	private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
		.generateUniqueName(true)
		.addScript("classpath:schema-avala.sql")
		.build();

	@AfterEach
	void shutdown() {
		this.database.shutdown();
	}

	@Test
	void remembersADeliveryForTheRetentionAndForgetsItAfter() {
		// given
		Instant start = Instant.parse("2026-11-01T00:00:00Z");
		new DeliveryStore(this.database, Clock.fixed(start, ZoneOffset.UTC), Duration.ofHours(72)).firstTime("d", "e");
		// when
		boolean within = store(start.plus(Duration.ofHours(71))).firstTime("d", "e");
		DeliveryStore later = store(start.plus(Duration.ofHours(73)));
		// then
		assertThat(within).isFalse();
		assertThat(later.purge()).isOne();
		assertThat(later.firstTime("d", "e")).isTrue();
	}

	@Test
	void aLongDeliveryIdIsStoredAsItsDigest() {
		String id = "x".repeat(200);
		assertThat(WebhookHandler.storedId(id)).hasSize(64).isNotEqualTo(WebhookHandler.storedId(id + "y"));
		assertThat(WebhookHandler.storedId("a-uuid")).isEqualTo("a-uuid");
	}

	private DeliveryStore store(Instant now) {
		// A store purges once at its first insert: a fresh one per moment shows the retention rule.
		return new DeliveryStore(this.database, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(72));
	}

}
