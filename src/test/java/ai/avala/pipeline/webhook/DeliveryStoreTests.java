package ai.avala.pipeline.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import java.nio.file.Path;

import javax.sql.DataSource;

import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook dedupe table on H2 (and on PostgreSQL in {@link DeliveryStorePostgresTests}): a repeat is a duplicate key. */
@OnPostgres
class DeliveryStoreTests {

	@TempDir
	Path folder;

	private DataSource database;

	@BeforeEach
	void schema() {
		this.database = TestDatabase.dataSource(this.folder);
		new ResourceDatabasePopulator(new ClassPathResource("schema-avala.sql")).execute(this.database);
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
