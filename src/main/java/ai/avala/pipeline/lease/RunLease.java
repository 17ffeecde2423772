package ai.avala.pipeline.lease;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held lease on one run, renewed by its own daemon thread until closed. The lease is lost when another
 * process took it over (it found it expired), or when this process could not renew it for a whole TTL — then,
 * by the database's clock, it has expired or is about to, and another process may recover the run. Either way
 * the owner is told at once (the run must stop) and the loss is logged at ERROR.
 */
public final class RunLease implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RunLease.class);

	private final RunLeases leases;

	private final String runKey;

	private final LeaseOwner owner;

	private final Runnable onLost;

	private final ScheduledExecutorService heartbeat;

	private final AtomicBoolean lost = new AtomicBoolean();

	/** When the last successful renewal was sent (monotonic): the database set the expiry after that moment. */
	private volatile long renewedNanos;

	private RunLease(RunLeases leases, String runKey, LeaseOwner owner, Runnable onLost, long acquiredNanos) {
		this.leases = leases;
		this.runKey = runKey;
		this.owner = owner;
		this.onLost = onLost;
		this.renewedNanos = acquiredNanos;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "run-lease " + runKey);
			thread.setDaemon(true);
			return thread;
		});
	}

	static RunLease start(RunLeases leases, String runKey, LeaseOwner owner, Runnable onLost, long acquiredNanos) {
		RunLease lease = new RunLease(leases, runKey, owner, onLost, acquiredNanos);
		long every = leases.heartbeat().toMillis();
		lease.heartbeat.scheduleWithFixedDelay(lease::beat, every, every, TimeUnit.MILLISECONDS);
		return lease;
	}

	/** The owner as stored in the lease row ({@code host:pid:uuid}). */
	public String owner() {
		return this.owner.id();
	}

	public boolean lost() {
		return this.lost.get();
	}

	private void beat() {
		long sent = System.nanoTime();
		try {
			if (this.leases.renew(this.runKey, this.owner)) {
				this.renewedNanos = sent;
			}
			else {
				lose("another process took it over after it expired");
			}
		}
		// Any failure, Errors included: a heartbeat thread that died quietly would let the lease expire under a
		// run that goes on.
		catch (Throwable ex) {
			Duration silent = Duration.ofNanos(System.nanoTime() - this.renewedNanos);
			if (silent.compareTo(this.leases.ttl()) >= 0) {
				lose("it could not be renewed for " + silent.toSeconds() + " s (" + ex.getMessage() + ")");
			}
			else {
				logger.warn("Run {}: could not renew its lease ({}); retrying", this.runKey, ex.getMessage());
			}
		}
	}

	private void lose(String why) {
		if (this.lost.compareAndSet(false, true)) {
			logger.error("Run {}: LEASE LOST: {}. Another process may now recover the run; stopping it here at its "
					+ "next safe point", this.runKey, why);
			this.heartbeat.shutdown();
			this.onLost.run();
		}
	}

	/** Stops renewing and gives the lease up (unless it was lost: then it is no longer ours to delete). */
	@Override
	public void close() {
		this.heartbeat.shutdownNow();
		try {
			this.heartbeat.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.lost.get()) {
			return;
		}
		try {
			this.leases.release(this.runKey, this.owner);
		}
		catch (RuntimeException ex) {
			logger.warn("Run {}: could not release its lease ({}); it expires within {}", this.runKey, ex.getMessage(),
					this.leases.ttl());
		}
	}

}
