package ai.avala.pipeline.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.avala.pipeline.lease.LeaseHeldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fire of a schedule into a run, unless a run of the same job file is still going: that fire is skipped
 * with a log line rather than queued, so a slow run never triggers a burst of catch-up runs behind it.
 */
public final class ScheduleFirer {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleFirer.class);

	/** A dead holder's lease expires within its TTL; waiting three times covers a renewal that was in flight. */
	private static final int RECOVERY_ATTEMPTS = 3;

	private static final Duration LEASE_MARGIN = Duration.ofSeconds(1);

	private static final Duration MAX_LEASE_WAIT = Duration.ofHours(1);

	private final Map<String, ScheduleDefinition> schedules;

	private final ScheduledRunLauncher launcher;

	private final InFlightRuns inFlight = new InFlightRuns();

	private final ScheduleFires fires;

	private volatile boolean closed;

	public ScheduleFirer(Collection<ScheduleDefinition> schedules, ScheduledRunLauncher launcher) {
		this(schedules, launcher, ScheduleFires.NONE);
	}

	/** @param fires where each fire's outcome is recorded, refusals included */
	public ScheduleFirer(Collection<ScheduleDefinition> schedules, ScheduledRunLauncher launcher,
			ScheduleFires fires) {
		this.fires = fires;
		this.schedules = schedules.stream()
			.collect(Collectors.toUnmodifiableMap(ScheduleDefinition::name, Function.identity()));
		this.launcher = launcher;
	}

	/**
	 * Runs the schedule for a fire due at {@code fireTime} and returns the run's exit code; empty when the fire
	 * was skipped (overlap, unknown schedule, shutting down).
	 */
	public OptionalInt fire(String scheduleName, Instant fireTime) throws Exception {
		ScheduleDefinition schedule = this.schedules.get(scheduleName);
		if (schedule == null) {
			logger.warn("Schedule {} fired but is no longer defined; ignored", scheduleName);
			return OptionalInt.empty();
		}
		if (this.closed) {
			logger.info("Schedule {} fired while the scheduler is stopping; ignored", scheduleName);
			return OptionalInt.empty();
		}
		return fire(ScheduledRun.of(schedule, fireTime));
	}

	/**
	 * Takes over a fire that a scheduler of the cluster did not finish (it died mid-run): runs it again, which
	 * resumes its run under the run's lease. The dead process's lease is taken at once on the same machine; from
	 * another host it must first expire, so a lease still held is waited out, a few times, before giving up.
	 */
	public OptionalInt recover(String scheduleName, Instant fireTime) throws Exception {
		logger.info("Schedule {}: taking over the fire due {} from a scheduler that stopped (Quartz recovery)",
				scheduleName, fireTime);
		for (int attempt = 1;; attempt++) {
			try {
				return fire(scheduleName, fireTime);
			}
			catch (LeaseHeldException ex) {
				if (attempt == RECOVERY_ATTEMPTS || this.closed) {
					throw ex;
				}
				Duration wait = Duration.between(Instant.now(), ex.expiresAt()).plus(LEASE_MARGIN);
				logger.info("Schedule {}: its run's lease is still held ({}); retrying in {} s", scheduleName,
						ex.holder(), Math.max(1, wait.toSeconds()));
				Thread.sleep(Math.max(1000, Math.min(wait.toMillis(), MAX_LEASE_WAIT.toMillis())));
			}
		}
	}

	private OptionalInt fire(ScheduledRun run) throws Exception {
		String name = run.schedule().name();
		if (!this.inFlight.tryClaim(run)) {
			logger.info("Schedule {} fired (due {}) while its previous run is still going; skipped", name, run.fireTime());
			return OptionalInt.empty();
		}
		try {
			logger.info("Schedule {} fired (due {}); running {} for runDate {}", name, run.fireTime(),
					run.schedule().jobFile().getFileName(), run.runDate());
			int code;
			try {
				code = this.launcher.launch(run);
			}
			catch (LeaseHeldException ex) {
				throw ex; // running elsewhere: that process records its own outcome
			}
			catch (Exception ex) {
				this.fires.refused(run, ex);
				throw ex;
			}
			this.fires.ended(run, code);
			logger.info("Schedule {}: run for runDate {} ended with exit code {}", name, run.runDate(), code);
			return OptionalInt.of(code);
		}
		finally {
			this.inFlight.release(run);
		}
	}

	/** Refuses further fires; the runs already going are left to the caller to stop. */
	public void close() {
		this.closed = true;
	}

	/** The runs going right now. */
	public List<ScheduledRun> running() {
		return this.inFlight.current();
	}

}
