package ai.avala.pipeline.schedule;

import java.util.List;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Stops, restartably, the executions of the runs this scheduler started (matched by job file and run date), and
 * never those of another process. Waits in the steps are then cut short, so the stop is prompt.
 */
public final class BatchRunStopper implements RunStopper {

	private static final Logger logger = LoggerFactory.getLogger(BatchRunStopper.class);

	private final JobRepository repository;

	private final JobOperator operator;

	private final Runnable wakeWaits;

	public BatchRunStopper(JobRepository repository, JobOperator operator, Runnable wakeWaits) {
		this.repository = repository;
		this.operator = operator;
		this.wakeWaits = wakeWaits;
	}

	@Override
	public int stop(List<ScheduledRun> running) {
		int stopped = 0;
		for (JobExecution execution : this.repository
			.findRunningJobExecutions(AnnotationLifecycleJobConfiguration.JOB_NAME)) {
			if (running.stream().anyMatch((run) -> belongsTo(execution, run)) && stop(execution)) {
				stopped++;
			}
		}
		this.wakeWaits.run();
		return stopped;
	}

	private boolean stop(JobExecution execution) {
		try {
			logger.info("Stopping execution {} ({}); it resumes from its step on the next fire or with 'restart {}'",
					execution.getId(), RunParameters.runDate(execution.getJobParameters()), execution.getId());
			return this.operator.stop(execution);
		}
		catch (Exception ex) {
			logger.warn("Could not stop execution {}: {}", execution.getId(), ex.getMessage());
			return false;
		}
	}

	private static boolean belongsTo(JobExecution execution, ScheduledRun run) {
		return run.schedule().jobFile().toString().equals(execution.getJobParameters().getString(RunParameters.JOB_FILE))
				&& run.runDate().toString().equals(RunParameters.runDate(execution.getJobParameters()));
	}

}
