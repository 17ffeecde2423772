package ai.avala.pipeline.cli;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/** Looks up an execution named on the command line. */
final class Executions {

	private Executions() {
	}

	/** The execution, or a {@link UsageException} (exit 2) when the job repository has none with that id. */
	static JobExecution find(JobRepository repository, long id) {
		JobExecution execution;
		try {
			execution = repository.getJobExecution(id);
		}
		// Spring Batch 6's JDBC repository throws this for an unknown id instead of returning null.
		catch (EmptyResultDataAccessException ex) {
			execution = null;
		}
		if (execution == null) {
			throw new UsageException("no execution " + id + " in the job repository; 'status' lists them");
		}
		return execution;
	}

}
