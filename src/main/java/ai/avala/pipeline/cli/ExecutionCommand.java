package ai.avala.pipeline.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/** A command on one execution named by its id: finds it in the job repository, then acts on it. */
abstract class ExecutionCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<executionId>", description = "As shown by 'status'")
	long executionId;

	@Override
	public Integer call() throws Exception {
		try (ConfigurableApplicationContext context = PipelineContext.start(properties())) {
			JobExecution execution = Executions.find(context.getBean(JobRepository.class), this.executionId);
			this.cli.out.println(act(context, execution));
			return ExitCode.COMPLETED.code();
		}
	}

	/** The context's properties: the command line's; a command that calls the API adds the key. */
	java.util.Map<String, Object> properties() {
		return this.cli.properties;
	}

	/** Acts on the execution and returns the line to print; throws {@link UsageException} if it cannot. */
	abstract String act(ConfigurableApplicationContext context, JobExecution execution) throws Exception;

}
