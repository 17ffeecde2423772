package ai.avala.pipeline.lifecycle;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.JobDefinitionLoader;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What a step needs to know about its run: the definition the run froze when it started (with this execution's
 * operational keys, see {@link DefinitionFreezer}) and the run date. Never read from the job file again.
 *
 * @param definition the job definition
 * @param runDate the run date, {@code yyyy-MM-dd}
 * @param jobInstanceId the job instance, which keys the upload ledger
 */
public record RunContext(JobDefinition definition, String runDate, long jobInstanceId) {

	public static RunContext of(StepExecution step) {
		JobExecution job = step.getJobExecution();
		var frozen = RunState.read(job).definition();
		if (frozen == null) {
			throw new IllegalStateException("job execution " + job.getId() + " has no frozen definition: the job "
					+ "must start with its DefinitionFreezer");
		}
		var parameters = job.getJobParameters();
		return new RunContext(JobDefinitionLoader.fromValues(RunParameters.jobFile(parameters), frozen),
				RunParameters.runDate(parameters), job.getJobInstance().getInstanceId());
	}

	/** The name shared by this run's dataset and project. */
	public String resourceName() {
		return this.definition.resourceName(this.runDate);
	}

}
