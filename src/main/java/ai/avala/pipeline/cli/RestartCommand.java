package ai.avala.pipeline.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code restart <executionId>}: resumes a failed, stopped or orphaned run from the step that did not finish. */
@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Resume the run of a failed, stopped or crashed execution from the step that did not finish.")
class RestartCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<executionId>", description = "As shown by 'status'")
	long executionId;

	@Override
	public Integer call() throws Exception {
		var properties = this.cli.apiProperties();
		try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
			// The id first: a typo is told as such, not as a missing key.
			Executions.find(context.getBean(JobRepository.class), this.executionId);
			if (!properties.containsKey("avala.api-key")) {
				throw new UsageException("AVALA_API_KEY is not set; export it with your Avala API key");
			}
			return new RunLauncher(context, this.cli.out, this.cli.err).restart(this.executionId);
		}
	}

}
