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
 * {@code abandon <executionId>}: gives up on a stopped or failed run for good, so that it is never resumed.
 */
@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = "Mark a stopped or failed execution ABANDONED: it will not be resumed.")
class AbandonCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<executionId>")
	long executionId;

	@Override
	public Integer call() throws Exception {
		try (ConfigurableApplicationContext context = PipelineContext.start(this.cli.properties)) {
			JobExecution execution = Executions.find(context.getBean(JobRepository.class), this.executionId);
			if (execution.isRunning()) {
				throw new UsageException("execution " + this.executionId + " is " + execution.getStatus()
						+ "; stop it first ('stop " + this.executionId + "')");
			}
			context.getBean(JobOperator.class).abandon(execution);
			this.cli.out.println("Execution " + this.executionId + " abandoned");
			return ExitCode.COMPLETED.code();
		}
	}

}
