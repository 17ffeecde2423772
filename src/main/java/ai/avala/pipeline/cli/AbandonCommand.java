package ai.avala.pipeline.cli;

import picocli.CommandLine.Command;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;

/**
 * {@code abandon <executionId>}: gives up on a stopped or failed run for good, so that it is never resumed.
 */
@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = "Mark a stopped or failed execution ABANDONED: it will not be resumed.")
class AbandonCommand extends ExecutionCommand {

	@Override
	String act(JobOperator operator, JobExecution execution) throws Exception {
		if (execution.isRunning()) {
			throw new UsageException("execution " + execution.getId() + " is " + execution.getStatus()
					+ "; stop it first ('stop " + execution.getId() + "')");
		}
		operator.abandon(execution);
		return "Execution " + execution.getId() + " abandoned";
	}

}
