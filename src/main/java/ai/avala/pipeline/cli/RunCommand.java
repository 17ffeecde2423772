package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.JobDefinitionLoader;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run <job-file> [key=value ...] [--sandbox] [--webhook-port N]}: runs the lifecycle for one job file and
 * run date, or resumes that run from the step that failed; optionally receives Avala's webhooks meanwhile.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "Run the annotation lifecycle for a job file, or resume it from the step that failed.",
				"key=value arguments override job-file keys (e.g. poll.interval=10s); runDate=yyyy-MM-dd "
						+ "(default: today, UTC) and the job's name identify the run." })
class RunCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<job-file>", description = "The job definition (YAML), e.g. jobs/demo.yml")
	Path jobFile;

	@Parameters(index = "1..*", paramLabel = "key=value", description = "Job parameters")
	List<String> parameters = new ArrayList<>();

	@Mixin
	SandboxOptions sandboxOptions = new SandboxOptions();

	@Mixin
	WebhookOptions webhooks = new WebhookOptions();

	@Option(names = "--dry-run", description = "Print what the run would do, run the preflight checks, and stop: "
			+ "nothing is created, uploaded or recorded")
	boolean dryRun;

	@Override
	public Integer call() throws Exception {
		Map<String, String> overrides = keyValues(this.parameters);
		LocalDate runDate = runDate(overrides.remove(RunParameters.RUN_DATE));
		try (AvalaSandbox sandbox = this.sandboxOptions.start(this.cli)) {
			if (sandbox != null) {
				// The job file cannot know the sandbox's template: use it unless the command line names another.
				overrides.putIfAbsent("templateProjectUid", sandbox.templateProjectUid());
			}
			JobDefinition definition = JobDefinitionLoader.load(this.jobFile, overrides);
			Map<String, Object> properties = this.cli.apiProperties();
			if (sandbox != null) {
				properties.put("avala.base-url", sandbox.baseUrl());
				properties.put("avala.api-key", sandbox.apiKey());
			}
			this.webhooks.apply(properties, this.cli.env, sandbox != null);
			if (!properties.containsKey("avala.api-key")) {
				throw new UsageException("AVALA_API_KEY is not set; export it with your Avala API key "
						+ "(or add --sandbox to run against the embedded sandbox)");
			}
			JobParameters parameters = RunParameters.of(this.jobFile, definition.name(), runDate, overrides);
			if (this.dryRun) {
				try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
					return new DryRun(context, this.cli.out, this.cli.err).print(parameters);
				}
			}
			try (ConfigurableApplicationContext context = PipelineContext.start(properties);
					AutoCloseable receiver = WebhookOptions.startReceiver(context)) {
				return new RunLauncher(context, this.cli.out, this.cli.err).start(parameters);
			}
		}
	}

	/** {@code key=value} job parameters; anything else is a usage error. */
	static Map<String, String> keyValues(List<String> parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String parameter : parameters) {
			int equals = parameter.indexOf('=');
			if (equals <= 0) {
				throw new UsageException("job parameter '" + parameter + "' must be key=value, e.g. runDate=2026-11-29");
			}
			values.put(parameter.substring(0, equals), parameter.substring(equals + 1));
		}
		return values;
	}

	static LocalDate runDate(String value) {
		if (value == null) {
			return LocalDate.now(ZoneOffset.UTC);
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new UsageException("runDate '" + value + "' is not a date; write it as yyyy-MM-dd, e.g. 2026-11-29");
		}
	}

}
