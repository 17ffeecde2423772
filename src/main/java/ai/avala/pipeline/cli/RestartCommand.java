package ai.avala.pipeline.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

	@Option(names = "--json", description = "For scripts: stdout carries only JSON events, one per line (as run --json)")
	boolean json;

	@Override
	public Integer call() throws Exception {
		try (JsonOutput output = JsonOutput.of(this.json, this.cli)) {
			try {
				return call(output);
			}
			catch (Exception ex) {
				if (output != null) {
					output.failedBeforeAnyResult(ex);
				}
				throw ex;
			}
		}
	}

	private int call(JsonOutput output) throws Exception {
		var properties = this.cli.apiProperties();
		try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
			if (output != null) {
				output.enable(context);
			}
			// The id first: a typo is told as such, not as a missing key.
			Executions.find(context.getBean(JobRepository.class), this.executionId);
			if (!properties.containsKey("avala.api-key")) {
				throw new UsageException("AVALA_API_KEY is not set; export it with your Avala API key");
			}
			return new RunLauncher(context, JsonOutput.human(output, this.cli), this.cli.err).restart(this.executionId);
		}
	}

}
