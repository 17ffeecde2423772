package ai.avala.pipeline.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The last fire of each schedule and how it ended, kept in the job repository's database
 * ({@code AVALA_SCHEDULE_FIRE}, one row per schedule and job file). A fire refused before its run started (the
 * preflight, a changed definition, a job file that no longer parses) leaves no Spring Batch execution behind, so
 * without this record the console would show such a schedule as never having run while it fails every night.
 * Written by the process that fired it; read by the console, in that process or another one.
 */
public class ScheduleFires {

	/** Long enough for a failure line; a longer one is cut. */
	static final int MAX_FAILURE = 2000;

	/** Records nothing (tests, or a firer without a database). */
	public static final ScheduleFires NONE = reader(null);

	private static final Logger logger = LoggerFactory.getLogger(ScheduleFires.class);

	private final JdbcTemplate jdbc;

	private final ToIntFunction<Exception> exitCodes;

	private final Function<Exception, String> failureLines;

	/** Reads the fires only (the console): it never records a refusal, so it needs no way to describe one. */
	public static ScheduleFires reader(JdbcTemplate jdbc) {
		return new ScheduleFires(jdbc, (ex) -> 1, Exception::getMessage);
	}

	/**
	 * @param exitCodes the exit code the command line gives a run refused with that exception
	 * @param failureLines the one line the command line prints (and an alert sends) for it
	 */
	public ScheduleFires(JdbcTemplate jdbc, ToIntFunction<Exception> exitCodes,
			Function<Exception, String> failureLines) {
		this.jdbc = jdbc;
		this.exitCodes = exitCodes;
		this.failureLines = failureLines;
	}

	void ended(ScheduledRun run, int exitCode) {
		save(run, exitCode, null);
	}

	void refused(ScheduledRun run, Exception ex) {
		save(run, this.exitCodes.applyAsInt(ex), this.failureLines.apply(ex));
	}

	/** The last recorded fire of this schedule and job file. */
	public Optional<Fire> last(ScheduleDefinition schedule) {
		return last(schedule.name(), jobFile(schedule));
	}

	public Optional<Fire> last(String schedule, String jobFile) {
		List<Fire> found = this.jdbc.query("SELECT FIRE_TIME, ENDED_AT, RUN_DATE, EXIT_CODE, FAILURE FROM "
				+ "AVALA_SCHEDULE_FIRE WHERE SCHEDULE_NAME = ? AND JOB_FILE = ?",
				(rs, row) -> new Fire(Instant.ofEpochMilli(rs.getLong(1)), Instant.ofEpochMilli(rs.getLong(2)),
						rs.getString(3), rs.getInt(4), rs.getString(5)),
				schedule, jobFile);
		return found.stream().findFirst();
	}

	private void save(ScheduledRun run, int exitCode, String failure) {
		if (this.jdbc == null) {
			return;
		}
		String name = run.schedule().name();
		String jobFile = jobFile(run.schedule());
		String line = (failure != null && failure.length() > MAX_FAILURE) ? failure.substring(0, MAX_FAILURE) : failure;
		Object[] values = { run.fireTime().toEpochMilli(), System.currentTimeMillis(), run.runDate().toString(),
				exitCode, line, name, jobFile };
		try {
			// Update first, insert when there is no row yet; a concurrent insert (another scheduler of a cluster
			// firing the same schedule's next fire) makes the update the one to repeat.
			for (int attempt = 0; attempt < 2; attempt++) {
				if (this.jdbc.update("UPDATE AVALA_SCHEDULE_FIRE SET FIRE_TIME = ?, ENDED_AT = ?, RUN_DATE = ?, "
						+ "EXIT_CODE = ?, FAILURE = ? WHERE SCHEDULE_NAME = ? AND JOB_FILE = ?", values) > 0) {
					return;
				}
				try {
					this.jdbc.update("INSERT INTO AVALA_SCHEDULE_FIRE (FIRE_TIME, ENDED_AT, RUN_DATE, EXIT_CODE, "
							+ "FAILURE, SCHEDULE_NAME, JOB_FILE) VALUES (?, ?, ?, ?, ?, ?, ?)", values);
					return;
				}
				catch (DuplicateKeyException ex) {
					// inserted meanwhile: update it
				}
			}
		}
		catch (DataAccessException ex) {
			// Only the console's view of the schedule; the run's own outcome is in the job repository already.
			logger.warn("Schedule {}: could not record how its fire ended: {}", name, ex.getMessage());
		}
	}

	public static String jobFile(ScheduleDefinition schedule) {
		return schedule.jobFile().toAbsolutePath().normalize().toString();
	}

	/**
	 * @param fireTime when the fire was due
	 * @param endedAt when its run ended (or was refused)
	 * @param runDate the run it asked for
	 * @param exitCode the run's exit code (README "Exit codes")
	 * @param failure why it was refused before its run started, or null (a run that started has its own failure)
	 */
	public record Fire(Instant fireTime, Instant endedAt, String runDate, int exitCode, String failure) {
	}

}
