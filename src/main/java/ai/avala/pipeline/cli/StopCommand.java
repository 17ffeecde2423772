package ai.avala.pipeline.cli;

import picocli.CommandLine.Command;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code stop <executionId>}: asks a run in another process to stop. The request is recorded in the job
 * repository; the running process sees it at its next safe point and ends STOPPED (restartable).
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask a running execution (in any process) to stop at its next safe point.")
class StopCommand extends ExecutionCommand {

	@Override
	String act(ConfigurableApplicationContext context, JobExecution execution) throws Exception {
		if (!execution.isRunning()) {
			throw new UsageException("execution " + execution.getId() + " is not running (it is "
					+ execution.getStatus() + "); 'status " + execution.getId() + "' shows how it ended");
		}
		context.getBean(JobOperator.class).stop(execution);
		return "Stop requested for execution " + execution.getId() + "; it stops at its next safe point ('status "
				+ execution.getId() + "' shows when)";
	}

}
