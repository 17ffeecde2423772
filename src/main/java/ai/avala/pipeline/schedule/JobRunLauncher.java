package ai.avala.pipeline.schedule;

import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The application's {@link ScheduledRunLauncher}: builds the run's job parameters as {@code run} would, notes an
 * unfinished earlier run, and hands over to the same start logic as the {@code run} command (lease, recovery of an
 * orphaned execution, resume of a failed run of the same date, report).
 */
public final class JobRunLauncher implements ScheduledRunLauncher {

	private final EarlierRuns earlierRuns;

	private final RunStarter starter;

	public JobRunLauncher(EarlierRuns earlierRuns, RunStarter starter) {
		this.earlierRuns = earlierRuns;
		this.starter = starter;
	}

	@Override
	public int launch(ScheduledRun run) throws Exception {
		JobParameters parameters = run.jobParameters();
		this.earlierRuns.warnIfUnfinished(run.schedule().name(), parameters);
		return this.starter.start(parameters);
	}

	/** Starts or resumes the run with these parameters and returns its exit code. */
	@FunctionalInterface
	public interface RunStarter {

		int start(JobParameters parameters) throws Exception;

	}

}
