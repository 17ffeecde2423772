package ai.avala.pipeline.schedule;

import java.time.Instant;
import java.time.LocalDate;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.JobDefinitionLoader;
import ai.avala.pipeline.lifecycle.RunParameters;

import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * One fire of a schedule: the run it asks for is the schedule's job file on the fire time's date in the
 * schedule's zone.
 *
 * @param schedule the schedule that fired
 * @param fireTime when it was due (Quartz's scheduled fire time, not the moment a thread picked it up)
 * @param runDate the run's identifying date
 */
public record ScheduledRun(ScheduleDefinition schedule, Instant fireTime, LocalDate runDate) {

	public static ScheduledRun of(ScheduleDefinition schedule, Instant fireTime) {
		return new ScheduledRun(schedule, fireTime, schedule.runDate(fireTime));
	}

	/**
	 * The same parameters {@code run <job-file> key=value...} would build. The job file is read again here, so
	 * an edit made since start-up applies from the next fire.
	 */
	public JobParameters jobParameters() {
		JobDefinition definition = JobDefinitionLoader.load(this.schedule.jobFile(), this.schedule.parameters());
		return RunParameters.of(this.schedule.jobFile(), definition.name(), this.runDate, this.schedule.parameters());
	}

}
