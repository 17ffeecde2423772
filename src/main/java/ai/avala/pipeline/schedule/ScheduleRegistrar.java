package ai.avala.pipeline.schedule;

import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the scheduler's (persistent) jobs and triggers match the schedule files: adds new schedules, replaces
 * the trigger of a changed one, keeps an unchanged one untouched (so Quartz applies its misfire policy to what
 * was missed while down), and removes the triggers of schedules that were disabled or deleted.
 */
public final class ScheduleRegistrar {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleRegistrar.class);

	private final Scheduler scheduler;

	private final Clock clock;

	public ScheduleRegistrar(Scheduler scheduler, Clock clock) {
		this.scheduler = scheduler;
		this.clock = clock;
	}

	public void sync(Collection<ScheduleDefinition> schedules) throws SchedulerException {
		Set<String> enabled = schedules.stream()
			.filter(ScheduleDefinition::enabled)
			.map(ScheduleDefinition::name)
			.collect(Collectors.toSet());
		removeAllBut(enabled);
		for (ScheduleDefinition schedule : schedules) {
			if (schedule.enabled()) {
				register(schedule);
			}
			else {
				logger.info("Schedule {} is disabled; not scheduled", schedule.name());
			}
		}
	}

	private void removeAllBut(Set<String> enabled) throws SchedulerException {
		for (JobKey key : this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(ScheduleTriggers.GROUP))) {
			if (!enabled.contains(key.getName())) {
				this.scheduler.deleteJob(key);
				logger.info("Schedule {} is gone or disabled; its trigger was removed", key.getName());
			}
		}
	}

	private void register(ScheduleDefinition schedule) throws SchedulerException {
		// The job detail only carries the schedule's name and flags; replacing it keeps its trigger, and picks up a
		// new file path and the recovery request of a job stored by an older version.
		this.scheduler.addJob(ScheduleTriggers.job(schedule), true);
		Trigger stored = this.scheduler.getTrigger(ScheduleTriggers.triggerKey(schedule.name()));
		if (stored instanceof CronTrigger cron && ScheduleTriggers.matches(cron, schedule)) {
			logger.info("Schedule {} unchanged; next fire {}", schedule.name(), cron.getNextFireTime().toInstant());
			return;
		}
		Trigger trigger = ScheduleTriggers.trigger(schedule, this.clock.instant());
		if (stored != null) {
			this.scheduler.rescheduleJob(stored.getKey(), trigger);
			logger.info("Schedule {} changed; rescheduled", schedule.name());
			return;
		}
		try {
			this.scheduler.scheduleJob(trigger);
			logger.info("Schedule {} added", schedule.name());
		}
		catch (ObjectAlreadyExistsException ex) {
			// Another scheduler of the cluster, starting at the same moment, added it first: one trigger it is.
			logger.info("Schedule {} added by another scheduler sharing this database", schedule.name());
		}
	}

}
