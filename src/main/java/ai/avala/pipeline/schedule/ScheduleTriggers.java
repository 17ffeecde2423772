package ai.avala.pipeline.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** The Quartz job and cron trigger of a schedule, both named after it in one group. */
final class ScheduleTriggers {

	static final String GROUP = "avala-schedules";

	private ScheduleTriggers() {
	}

	static JobKey jobKey(String scheduleName) {
		return JobKey.jobKey(scheduleName, GROUP);
	}

	static TriggerKey triggerKey(String scheduleName) {
		return TriggerKey.triggerKey(scheduleName, GROUP);
	}

	static JobDetail job(ScheduleDefinition schedule) {
		return org.quartz.JobBuilder.newJob(ScheduleFireJob.class)
			.withIdentity(jobKey(schedule.name()))
			.withDescription(schedule.file().toString())
			.usingJobData(ScheduleFireJob.SCHEDULE, schedule.name())
			// A scheduler that dies mid-fire (kill -9, host lost) leaves the fire to the cluster: another scheduler
			// sharing the database fires it again, "recovering", and so resumes the interrupted run.
			.requestRecovery()
			.storeDurably()
			.build();
	}

	static CronTrigger trigger(ScheduleDefinition schedule, Instant startAt) {
		return TriggerBuilder.newTrigger()
			.withIdentity(triggerKey(schedule.name()))
			.forJob(jobKey(schedule.name()))
			.startAt(Date.from(startAt))
			.withSchedule(cronSchedule(schedule))
			.build();
	}

	/**
	 * Whether a stored trigger already fires as the schedule says. Such a trigger is kept as it is: replacing it
	 * would reset its next fire time and so forget the fires missed while the scheduler was down.
	 */
	static boolean matches(CronTrigger stored, ScheduleDefinition schedule) {
		CronTrigger wanted = trigger(schedule, Instant.now());
		return stored.getCronExpression().equals(wanted.getCronExpression())
				&& stored.getTimeZone().getID().equals(wanted.getTimeZone().getID())
				&& stored.getMisfireInstruction() == wanted.getMisfireInstruction()
				&& stored.getJobKey().equals(wanted.getJobKey());
	}

	private static CronScheduleBuilder cronSchedule(ScheduleDefinition schedule) {
		CronScheduleBuilder builder = CronScheduleBuilder.cronSchedule(schedule.cronExpression())
			.inTimeZone(TimeZone.getTimeZone(schedule.timeZone()));
		return switch (schedule.misfire()) {
			case RUN_ONCE -> builder.withMisfireHandlingInstructionFireAndProceed();
			case SKIP -> builder.withMisfireHandlingInstructionDoNothing();
		};
	}

}
