package ai.avala.pipeline.schedule;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Looks up the run a schedule made before the one it is about to start. A fire only resumes its own run date
 * (same name + runDate restart the same instance); an unfinished earlier one is deliberately left alone, since
 * resuming yesterday's run automatically could surprise whoever is investigating why it failed. The log line
 * says so and how to resume it.
 */
public final class EarlierRuns {

	private static final Logger logger = LoggerFactory.getLogger(EarlierRuns.class);

	/** How many recent job instances to look through; schedules fire at most a few times a day. */
	private static final int RECENT_INSTANCES = 200;

	private final JobRepository repository;

	public EarlierRuns(JobRepository repository) {
		this.repository = repository;
	}

	/** Logs a line when the latest earlier run (same name, earlier runDate) did not complete. */
	public void warnIfUnfinished(String scheduleName, JobParameters run) {
		latestBefore(run).filter((last) -> last.getStatus() != BatchStatus.COMPLETED
				&& last.getStatus() != BatchStatus.ABANDONED)
			.ifPresent((last) -> logger.warn("Schedule {}: the earlier run {} {} ended {} (execution {}); it is left "
					+ "alone and not resumed by this fire ('restart {}' resumes it, 'abandon {}' gives it up)",
					scheduleName, run.getString(RunParameters.NAME), RunParameters.runDate(last.getJobParameters()),
					last.getStatus(), last.getId(), last.getId(), last.getId()));
	}

	/** The last execution of the latest earlier run of the same name. */
	Optional<JobExecution> latestBefore(JobParameters run) {
		String name = run.getString(RunParameters.NAME);
		LocalDate runDate = LocalDate.parse(RunParameters.runDate(run));
		return this.repository
			.getJobInstances(AnnotationLifecycleJobConfiguration.JOB_NAME, 0, RECENT_INSTANCES)
			.stream()
			.map(this.repository::getLastJobExecution)
			.filter(Objects::nonNull)
			.filter((execution) -> name.equals(execution.getJobParameters().getString(RunParameters.NAME)))
			.filter((execution) -> runDateOf(execution).isBefore(runDate))
			.max(Comparator.comparing(EarlierRuns::runDateOf));
	}

	private static LocalDate runDateOf(JobExecution execution) {
		return LocalDate.parse(RunParameters.runDate(execution.getJobParameters()));
	}

}
