package ai.avala.pipeline.cli;

import java.util.Set;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The one execution this process launches for a run, known by its id from the moment it exists: a stop
 * (SIGTERM, Ctrl-C, a lost lease) reaches it and never another process's execution of the same job. A stop
 * that comes before the execution exists is kept and applied as it starts, so the run ends STOPPED at once.
 */
final class OwnRun {

	private static final Logger logger = LoggerFactory.getLogger(OwnRun.class);

	private final JobOperator operator;

	private final JobRepository repository;

	private final Runnable wakeWaits;

	private final Set<Long> launched;

	private final LongConsumer started;

	private volatile Long executionId;

	private volatile boolean stopRequested;

	/**
	 * @param wakeWaits cuts short the waits in progress, so a stop is prompt
	 * @param launched the executions this process is running, shared by all its runs (the scheduler's stop)
	 * @param started told the new execution's id the moment it exists (a person or script needs it to stop,
	 * restart or inspect the run)
	 */
	OwnRun(JobOperator operator, JobRepository repository, Runnable wakeWaits, Set<Long> launched,
			LongConsumer started) {
		this.operator = operator;
		this.repository = repository;
		this.wakeWaits = wakeWaits;
		this.launched = launched;
		this.started = started;
	}

	/** The job to launch: the same job, telling this run which execution it is running. */
	Job track(Job job) {
		return new TrackedJob(job);
	}

	/** Asks this run's execution to stop at its next safe point (or at once, if it has not started yet). */
	void stop() {
		this.stopRequested = true;
		Long id = this.executionId;
		if (id != null) {
			// A fresh copy: the running thread owns the live JobExecution and its version.
			JobExecution current = this.repository.getJobExecution(id);
			if (current != null && current.isRunning()) {
				try {
					this.operator.stop(current);
				}
				catch (JobExecutionNotRunningException ex) {
					logger.debug("Execution {} ended before it could be stopped", id);
				}
			}
		}
		this.wakeWaits.run();
	}

	private final class TrackedJob implements Job {

		private final Job job;

		TrackedJob(Job job) {
			this.job = job;
		}

		@Override
		public String getName() {
			return this.job.getName();
		}

		@Override
		public boolean isRestartable() {
			return this.job.isRestartable();
		}

		@Override
		public JobParametersIncrementer getJobParametersIncrementer() {
			return this.job.getJobParametersIncrementer();
		}

		@Override
		public JobParametersValidator getJobParametersValidator() {
			return this.job.getJobParametersValidator();
		}

		@Override
		public void execute(JobExecution execution) throws JobInterruptedException {
			OwnRun.this.executionId = execution.getId();
			OwnRun.this.launched.add(execution.getId());
			OwnRun.this.started.accept(execution.getId());
			try {
				if (OwnRun.this.stopRequested) {
					// AbstractJob ends an execution that is STOPPING before it starts as STOPPED.
					execution.setStatus(BatchStatus.STOPPING);
				}
				this.job.execute(execution);
			}
			finally {
				OwnRun.this.launched.remove(execution.getId());
			}
		}

	}

}
