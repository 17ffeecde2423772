package ai.avala.pipeline.lease;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import ai.avala.pipeline.progress.Durations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases on runs, kept in {@code AVALA_RUN_LEASE} next to the executions they guard, so every process that
 * shares the job repository (from any folder or host) sees the same ones. A process works on a run (runs,
 * resumes, recovers or abandons it) only while it holds the run's lease.
 * <p>
 * Each statement commits on its own. Acquiring is one INSERT (the primary key lets only one of two racing
 * processes in) or, over a dead owner's row, one UPDATE conditioned on the owner and expiry that were read (a
 * compare-and-set: of two processes taking over the same dead lease, only one updates a row). All times come
 * from the database's clock ({@code CURRENT_TIMESTAMP}, read with each write), so hosts whose clocks disagree
 * still agree on when a lease expires.
 */
public class RunLeases {

	private static final Logger logger = LoggerFactory.getLogger(RunLeases.class);

	/** Enough to get past a holder releasing between our INSERT and our read; more means heavy contention. */
	private static final int ATTEMPTS = 5;

	private final JdbcTemplate jdbc;

	private final LeaseProperties properties;

	private final String scope;

	public RunLeases(DataSource dataSource, LeaseProperties properties, String scope) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.properties = properties;
		this.scope = scope;
	}

	/**
	 * Takes the run's lease and starts renewing it.
	 * @param runKey the run (definition name and run date)
	 * @param onLost called once, on the heartbeat thread, if the lease is lost while held: this process must
	 *     then stop working on the run
	 * @throws LeaseHeldException when a live process holds it
	 */
	public RunLease acquire(String runKey, Runnable onLost) {
		LeaseOwner me = LeaseOwner.newOwner(this.scope);
		Holder seen = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			long sent = System.nanoTime();
			long now = databaseNow();
			if (insert(runKey, me, now)) {
				return RunLease.start(this, runKey, me, onLost, sent);
			}
			seen = find(runKey);
			if (seen != null && seen.expiresAt() > now && !seen.owner().deadAsSeenFrom(this.scope)) {
				throw new LeaseHeldException(runKey, seen.owner().id(), Instant.ofEpochMilli(seen.expiresAt()));
			}
			if (seen != null && takeOver(runKey, seen, me, now)) {
				logger.warn("Run {}: took over the lease of {}, which {}", runKey, seen.owner().id(),
						(seen.expiresAt() <= now)
								? "stopped renewing it " + Durations.human((now - seen.heartbeatAt()) / 1000) + " ago"
								: "is a process that has ended");
				return RunLease.start(this, runKey, me, onLost, sent);
			}
		}
		throw new LeaseHeldException(runKey, (seen != null) ? seen.owner().id() : "another process",
				Instant.ofEpochMilli((seen != null) ? seen.expiresAt() : databaseNow()));
	}

	/**
	 * Who holds the run's lease, as {@code status} shows it: the holder and whether it is alive (its lease not
	 * expired, and not a process on this machine that has ended). Empty when nobody holds it.
	 */
	public Optional<LeaseView> holder(String runKey) {
		Holder holder = find(runKey);
		if (holder == null) {
			return Optional.empty();
		}
		boolean live = holder.expiresAt() > databaseNow() && !holder.owner().deadAsSeenFrom(this.scope);
		return Optional.of(new LeaseView(holder.owner().id(), Instant.ofEpochMilli(holder.expiresAt()), live));
	}

	/**
	 * A run's lease as seen now.
	 * @param owner {@code host:pid:uuid}
	 * @param expiresAt when it runs out unless renewed
	 * @param live whether its holder counts as alive
	 */
	public record LeaseView(String owner, Instant expiresAt, boolean live) {
	}

	Duration ttl() {
		return this.properties.leaseTtl();
	}

	Duration heartbeat() {
		return this.properties.heartbeat();
	}

	/** Extends the lease; false when it is no longer this owner's (another process took it over). */
	boolean renew(String runKey, LeaseOwner owner) {
		long now = databaseNow();
		return this.jdbc.update(
				"UPDATE AVALA_RUN_LEASE SET HEARTBEAT_AT = ?, EXPIRES_AT = ? WHERE RUN_KEY = ? AND OWNER = ?", now,
				now + ttl().toMillis(), runKey, owner.id()) == 1;
	}

	void release(String runKey, LeaseOwner owner) {
		this.jdbc.update("DELETE FROM AVALA_RUN_LEASE WHERE RUN_KEY = ? AND OWNER = ?", runKey, owner.id());
	}

	private boolean insert(String runKey, LeaseOwner me, long now) {
		try {
			this.jdbc.update("INSERT INTO AVALA_RUN_LEASE (RUN_KEY, OWNER, OWNER_PID, OWNER_SCOPE, ACQUIRED_AT, "
					+ "HEARTBEAT_AT, EXPIRES_AT) VALUES (?, ?, ?, ?, ?, ?, ?)", runKey, me.id(), me.pid(), me.scope(), now,
					now, now + ttl().toMillis());
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private boolean takeOver(String runKey, Holder dead, LeaseOwner me, long now) {
		return this.jdbc.update("UPDATE AVALA_RUN_LEASE SET OWNER = ?, OWNER_PID = ?, OWNER_SCOPE = ?, ACQUIRED_AT = ?, "
				+ "HEARTBEAT_AT = ?, EXPIRES_AT = ? WHERE RUN_KEY = ? AND OWNER = ? AND EXPIRES_AT = ?", me.id(), me.pid(),
				me.scope(), now, now, now + ttl().toMillis(), runKey, dead.owner().id(), dead.expiresAt()) == 1;
	}

	private Holder find(String runKey) {
		List<Holder> rows = this.jdbc.query(
				"SELECT OWNER, OWNER_PID, OWNER_SCOPE, HEARTBEAT_AT, EXPIRES_AT FROM AVALA_RUN_LEASE WHERE RUN_KEY = ?",
				(rs, i) -> new Holder(new LeaseOwner(rs.getString(1), rs.getLong(2), rs.getString(3)), rs.getLong(4),
						rs.getLong(5)),
				runKey);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** The database's clock: the one clock every host sharing the repository reads. */
	private long databaseNow() {
		Timestamp now = this.jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", Timestamp.class);
		if (now == null) {
			throw new IllegalStateException("the database returned no CURRENT_TIMESTAMP");
		}
		return now.getTime();
	}

	private record Holder(LeaseOwner owner, long heartbeatAt, long expiresAt) {
	}

}
