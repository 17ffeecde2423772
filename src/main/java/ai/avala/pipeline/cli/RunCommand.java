package ai.avala.pipeline.cli;

import java.io.PrintStream;
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
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run <job-file> [key=value ...] [--sandbox] [--webhook-port N]}: runs the lifecycle for one job file and
 * run date, or resumes that run from the step that failed; optionally receives Avala's webhooks meanwhile. With
 * {@code --from DATE --to DATE} it runs each date of the range in turn ({@link Backfill}).
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

	@Option(names = "--from", paramLabel = "<yyyy-MM-dd>",
			description = "Backfill: run each date from this one to --to in turn (completed dates are skipped)")
	String from;

	@Option(names = "--to", paramLabel = "<yyyy-MM-dd>", description = "Backfill: the last date to run (inclusive)")
	String to;

	@Option(names = "--continue-on-failure",
			description = "Backfill: go on with the next date after a failed one (a stop request still ends it)")
	boolean continueOnFailure;

	@Option(names = "--json", description = "For scripts: stdout carries only JSON events, one per line (run started, "
			+ "steps, progress, warnings, the result); everything else goes to stderr")
	boolean json;

	@Override
	public Integer call() throws Exception {
		try (JsonOutput output = JsonOutput.of(this.json, this.cli)) {
			try {
				return call(output, JsonOutput.human(output, this.cli));
			}
			catch (Exception ex) {
				if (output != null) {
					output.failedBeforeAnyResult(ex);
				}
				throw ex;
			}
		}
	}

	private int call(JsonOutput output, PrintStream out) throws Exception {
		Map<String, String> overrides = keyValues(this.parameters);
		Backfill.Range backfill = backfillRange(overrides);
		LocalDate runDate = runDate(overrides.remove(RunParameters.RUN_DATE));
		try (AvalaSandbox sandbox = this.sandboxOptions.start(out)) {
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
					return new DryRun(context, out, this.cli.err).print(parameters);
				}
			}
			try (ConfigurableApplicationContext context = PipelineContext.start(properties);
					AutoCloseable receiver = WebhookOptions.startReceiver(context)) {
				if (output != null) {
					output.enable(context);
				}
				RunLauncher launcher = new RunLauncher(context, out, this.cli.err);
				if (backfill != null) {
					return new Backfill(context.getBean(JobRepository.class), out, this.cli.err, this.continueOnFailure,
							(summary) -> {
								if (output != null) {
									output.backfillFinished(summary);
								}
							})
						.run(definition.name(), backfill,
								(date) -> RunParameters.of(this.jobFile, definition.name(), date, overrides),
								(dateParameters) -> startReportingFailure(launcher, dateParameters));
				}
				return launcher.start(parameters);
			}
		}
	}

	/** A date of a backfill: a failure outside the job (a held lease, a refused preflight) is one line and its code. */
	private int startReportingFailure(RunLauncher launcher, JobParameters parameters) {
		try {
			return launcher.start(parameters);
		}
		catch (Exception ex) {
			return this.cli.fail(ex);
		}
	}

	/** The backfill's dates, or null for a run of one date; refuses what does not combine with a range. */
	private Backfill.Range backfillRange(Map<String, String> overrides) {
		if (this.from == null && this.to == null) {
			if (this.continueOnFailure) {
				throw new UsageException("--continue-on-failure needs a backfill: add --from and --to");
			}
			return null;
		}
		Backfill.Range range = Backfill.Range.parse(this.from, this.to);
		if (overrides.containsKey(RunParameters.RUN_DATE)) {
			throw new UsageException("runDate= and --from/--to do not combine: a backfill runs each date of its range");
		}
		if (this.dryRun) {
			throw new UsageException("--dry-run checks one run: give runDate= instead of --from/--to");
		}
		return range;
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
