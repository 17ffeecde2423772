package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code run}, {@code check}, {@code restart}, {@code status}, {@code history}, {@code stop}, {@code abandon},
 * {@code pause}, {@code resume}, {@code cancel},
 * {@code sandbox}, {@code scheduler} and {@code schedules}. Any {@code --some.property=value} argument sets a configuration property (for example
 * {@code --avala.base-url=...} or {@code --spring.datasource.url=...}). Exit codes: see {@link ExitCode}.
 */
@Command(name = "avala-pipeline", mixinStandardHelpOptions = true, version = "avala-pipeline 0.1.0",
		description = "Runs the Avala annotation lifecycle as a restartable Spring Batch job.",
		subcommands = { RunCommand.class, CheckCommand.class, RestartCommand.class, StatusCommand.class, HistoryCommand.class, StopCommand.class,
				AbandonCommand.class, ProjectActionCommand.Pause.class, ProjectActionCommand.Resume.class,
				ProjectActionCommand.Cancel.class, SandboxCommand.class, SchedulerCommand.class, SchedulesCommand.class,
				ConsoleCommand.class,
				CommandLine.HelpCommand.class },
		footer = { "", "Environment: AVALA_API_KEY (the API key), AVALA_BASE_URL (default https://api.avala.ai/api/v1),",
				"AVALA_WEBHOOK_SECRET (the webhook signing secret, for --webhook-port and the scheduler),",
				"AVALA_CONSOLE_TOKEN (allows the console's actions; without it the console is read-only).",
				"Any --name.with.dots=value sets a configuration property.",
				"Exit codes: 0 completed, 2 usage/configuration, 3 bad input, 4 refused by the API,",
				"5 failed (restartable), 6 timed out (restartable), 7 stopped (restartable),",
				"8 project canceled/archived on the Avala side (not restartable),",
				"9 busy (the run is held by another live process)." })
public final class PipelineCommandLine implements Callable<Integer> {

	/** Upper case after the first dot too: Quartz's own keys are camel case (spring.quartz.properties.org.quartz.*). */
	private static final Pattern PROPERTY = Pattern.compile("--([a-z][a-z0-9-]*(?:\\.[A-Za-z0-9-\\[\\]]+)+)=(.*)",
			Pattern.DOTALL);

	final Map<String, String> env;

	final PrintStream out;

	final PrintStream err;

	final Map<String, Object> properties = new LinkedHashMap<>();

	public PipelineCommandLine(Map<String, String> env, PrintStream out, PrintStream err) {
		this.env = env;
		this.out = out;
		this.err = err;
	}

	public int execute(String... args) {
		CommandLine commandLine = new CommandLine(this);
		commandLine.setOut(new PrintWriter(this.out, true));
		commandLine.setErr(new PrintWriter(this.err, true));
		commandLine.setParameterExceptionHandler(this::usageError);
		commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> fail(ex));
		try {
			// Before picocli, which would echo an unknown option (and its value) in its error message.
			SecretArguments.refuse(args, System.getProperties());
		}
		catch (UsageException ex) {
			return fail(ex);
		}
		return commandLine.execute(extractProperties(args));
	}

	@Override
	public Integer call() {
		new CommandLine(this).usage(this.out);
		return ExitCode.USAGE.code();
	}

	/** Prints one line for a failure outside a job run, and picks its exit code. */
	int fail(Exception ex) {
		ExitCode code = FailureClassifier.exitCode(ex);
		if (!FailureClassifier.expected(ex)) {
			LoggerFactory.getLogger(PipelineCommandLine.class).error("Unexpected failure", ex);
		}
		this.err.println("avala-pipeline: " + failureLine(ex));
		return code.code();
	}

	/** The line {@link #fail} prints, without the program's prefix (also what {@code run --json} reports). */
	static String failureLine(Exception ex) {
		String message = FailureClassifier.message(ex);
		if (!FailureClassifier.expected(ex)) {
			message = ex.getClass().getSimpleName() + ": " + message;
		}
		String hint = FailureClassifier.hint(ex);
		return message + ((hint != null) ? "; " + hint : "");
	}

	private int usageError(CommandLine.ParameterException ex, String[] args) {
		this.err.println("avala-pipeline: " + ex.getMessage());
		this.err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
		return ExitCode.USAGE.code();
	}

	private String[] extractProperties(String[] args) {
		List<String> rest = new ArrayList<>();
		for (String arg : args) {
			Matcher matcher = PROPERTY.matcher(arg);
			if (matcher.matches()) {
				this.properties.put(matcher.group(1), matcher.group(2));
			}
			else {
				rest.add(arg);
			}
		}
		return rest.toArray(String[]::new);
	}

	/** The Spring properties for a command that talks to the API: base URL and key from env unless given. */
	Map<String, Object> apiProperties() {
		if (this.properties.containsKey("avala.api-key")) {
			throw new UsageException("do not pass the API key on the command line, where other users can read it; "
					+ "set AVALA_API_KEY instead");
		}
		Map<String, Object> all = new LinkedHashMap<>(this.properties);
		String baseUrl = this.env.get("AVALA_BASE_URL");
		if (baseUrl != null && !baseUrl.isBlank()) {
			all.putIfAbsent("avala.base-url", baseUrl);
		}
		String key = this.env.get("AVALA_API_KEY");
		if (key != null && !key.isBlank()) {
			all.putIfAbsent("avala.api-key", key);
		}
		return all;
	}

}
