package ai.avala.pipeline.cli;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/** Looks up an execution named on the command line. */
final class Executions {

	private Executions() {
	}

	static JobExecution find(JobRepository repository, long id) {
		JobExecution execution = repository.getJobExecution(id);
		if (execution == null) {
			throw new UsageException("there is no job execution " + id + "; 'status' lists them");
		}
		return execution;
	}

}
