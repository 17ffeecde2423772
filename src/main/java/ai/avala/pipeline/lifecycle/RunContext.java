package ai.avala.pipeline.lifecycle;

import ai.avala.pipeline.definition.JobDefinition;

import org.springframework.batch.core.step.StepExecution;

/**
 * What a step needs to know about its run: the definition (job file plus overrides) and the run date.
 *
 * @param definition the job definition
 * @param runDate the run date, {@code yyyy-MM-dd}
 * @param jobInstanceId the job instance, which keys the upload ledger
 */
public record RunContext(JobDefinition definition, String runDate, long jobInstanceId) {

	public static RunContext of(StepExecution step) {
		var parameters = step.getJobExecution().getJobParameters();
		return new RunContext(RunParameters.definition(parameters), RunParameters.runDate(parameters),
				step.getJobExecution().getJobInstance().getInstanceId());
	}

	/** The name shared by this run's dataset and project. */
	public String resourceName() {
		return this.definition.resourceName(this.runDate);
	}

}
