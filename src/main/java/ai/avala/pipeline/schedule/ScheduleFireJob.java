package ai.avala.pipeline.schedule;

import java.time.Instant;

import ai.avala.pipeline.lease.LeaseHeldException;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of every schedule. Thin: it hands the schedule's name and the fire time to the
 * {@link ScheduleFirer} found in the scheduler context.
 * <p>
 * Deliberately not {@code @DisallowConcurrentExecution}: Quartz would then hold an overlapping fire back and
 * deliver it (late, or as a misfire) once the running one ends, which is a queue. The firer instead skips a fire
 * whose job file is still running, and says so in the log.
 */
public class ScheduleFireJob implements Job {

	/** JobDataMap key holding the schedule's name. */
	public static final String SCHEDULE = "schedule";

	/** Scheduler-context key holding the {@link ScheduleFirer}. */
	public static final String FIRER = "avala.scheduleFirer";

	private static final Logger logger = LoggerFactory.getLogger(ScheduleFireJob.class);

	@Override
	public void execute(JobExecutionContext context) {
		String schedule = context.getMergedJobDataMap().getString(SCHEDULE);
		try {
			if (context.isRecovering()) {
				firer(context).recover(schedule, originalFireTime(context));
			}
			else {
				firer(context).fire(schedule, context.getScheduledFireTime().toInstant());
			}
		}
		catch (LeaseHeldException ex) {
			// Expected in a cluster: another scheduler (or a manual run) is running this run. Like an overlap here.
			logger.info("Schedule {}: skipped, its run is going elsewhere: {}", schedule, ex.getMessage());
		}
		catch (Exception ex) {
			// The run's own failures are reported by the launcher; this is a run that could not even start.
			logger.error("Schedule {}: could not start its run: {}", schedule, ex.getMessage());
		}
	}

	/**
	 * The fire time of the fire a dead scheduler did not finish (the recovery trigger carries it), so the run
	 * resumed is that fire's run: same runDate.
	 */
	private static Instant originalFireTime(JobExecutionContext context) {
		String millis = context.getMergedJobDataMap()
			.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
		return (millis != null) ? Instant.ofEpochMilli(Long.parseLong(millis))
				: context.getScheduledFireTime().toInstant();
	}

	private static ScheduleFirer firer(JobExecutionContext context) throws SchedulerException {
		return (ScheduleFirer) context.getScheduler().getContext().get(FIRER);
	}

}
