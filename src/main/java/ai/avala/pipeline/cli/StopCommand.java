package ai.avala.pipeline.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code stop <executionId>}: asks a run in another process to stop. The request is recorded in the job
 * repository; the running process sees it at its next safe point and ends STOPPED (restartable).
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Ask a running execution (in any process) to stop at its next safe point.")
class StopCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<executionId>")
	long executionId;

	@Override
	public Integer call() throws Exception {
		try (ConfigurableApplicationContext context = PipelineContext.start(this.cli.properties)) {
			JobExecution execution = Executions.find(context.getBean(JobRepository.class), this.executionId);
			if (!execution.isRunning()) {
				throw new UsageException("execution " + this.executionId + " is not running (it is "
						+ execution.getStatus() + ")");
			}
			context.getBean(JobOperator.class).stop(execution);
			this.cli.out.println("Stop requested for execution " + this.executionId
					+ "; it stops at its next safe point ('status " + this.executionId + "' shows when)");
			return ExitCode.COMPLETED.code();
		}
	}

}
