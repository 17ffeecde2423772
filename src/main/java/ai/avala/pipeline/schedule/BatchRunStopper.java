package ai.avala.pipeline.schedule;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import ai.avala.pipeline.lifecycle.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Stops, restartably, the executions this scheduler process launched (known by their ids), and never those of
 * another process, even one running the same job file and run date. Waits in the steps are then cut short, so
 * the stop is prompt.
 */
public final class BatchRunStopper implements RunStopper {

	private static final Logger logger = LoggerFactory.getLogger(BatchRunStopper.class);

	private final JobRepository repository;

	private final JobOperator operator;

	private final Supplier<Set<Long>> ownExecutions;

	private final Runnable wakeWaits;

	/**
	 * @param ownExecutions the ids of the executions this process is running
	 */
	public BatchRunStopper(JobRepository repository, JobOperator operator, Supplier<Set<Long>> ownExecutions,
			Runnable wakeWaits) {
		this.repository = repository;
		this.operator = operator;
		this.ownExecutions = ownExecutions;
		this.wakeWaits = wakeWaits;
	}

	@Override
	public int stop(List<ScheduledRun> running) {
		int stopped = 0;
		for (long id : this.ownExecutions.get()) {
			JobExecution execution = this.repository.getJobExecution(id);
			if (execution != null && execution.isRunning() && stop(execution)) {
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

}
