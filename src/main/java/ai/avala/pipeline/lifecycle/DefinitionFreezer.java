package ai.avala.pipeline.lifecycle;

import ai.avala.pipeline.definition.JobDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Fixes the definition of each execution before its first step: at the run's first start, the job file with its
 * overrides is frozen into the run's record; a restart keeps that and takes only the operational keys from its own
 * command line and job file, refusing a changed identity key. No step reads the job file after this, so editing or
 * deleting it while the run waits, or between a failure and the restart, cannot change the run.
 */
final class DefinitionFreezer implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(DefinitionFreezer.class);

	private final RunState state;

	DefinitionFreezer(RunState state) {
		this.state = state;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		this.state.update(execution, (record) -> {
			JobDefinition definition = RunParameters.definition(execution.getJobParameters(), record.definition());
			if (record.definition() == null) {
				log.info("Run definition frozen from {}", definition.source());
			}
			return record.withDefinition(definition.values());
		});
	}

}
