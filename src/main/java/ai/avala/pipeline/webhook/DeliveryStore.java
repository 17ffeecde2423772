package ai.avala.pipeline.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery ids already received, in {@code AVALA_WEBHOOK_DELIVERY}: Avala repeats a delivery (same id) when
 * our answer was lost, and a restarted receiver must still recognise it. Insert-if-absent relies on the primary
 * key alone, which every database enforces, so two receivers on one database cannot both count a delivery.
 * Each statement commits on its own (no transaction is held while answering a delivery).
 */
public class DeliveryStore {

	/** Purging is a clean-up, not a guarantee: doing it at most hourly keeps the hot path one INSERT. */
	private static final Duration PURGE_EVERY = Duration.ofHours(1);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration retention;

	private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);

	public DeliveryStore(DataSource dataSource, Clock clock, Duration retention) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
		this.retention = retention;
	}

	/** Records a delivery; false if its id was recorded before (a retry or a replay). */
	public boolean firstTime(String deliveryId, String event) {
		long now = this.clock.millis();
		purgeNowAndThen(now);
		try {
			this.jdbc.update("INSERT INTO AVALA_WEBHOOK_DELIVERY (DELIVERY_ID, EVENT, RECEIVED_AT) VALUES (?, ?, ?)",
					deliveryId, truncate(event, 100), now);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Deletes entries older than the retention; returns how many. */
	public int purge() {
		return this.jdbc.update("DELETE FROM AVALA_WEBHOOK_DELIVERY WHERE RECEIVED_AT < ?",
				this.clock.millis() - this.retention.toMillis());
	}

	private void purgeNowAndThen(long now) {
		long last = this.lastPurge.get();
		if ((last == Long.MIN_VALUE || now - last >= PURGE_EVERY.toMillis()) && this.lastPurge.compareAndSet(last, now)) {
			purge();
		}
	}

	private static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

}
