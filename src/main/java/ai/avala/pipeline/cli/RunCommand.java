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

import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.JobDefinitionLoader;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.SandboxConfig;
import ai.avala.pipeline.webhook.AwaitedProjects;
import ai.avala.pipeline.webhook.DeliveryStore;
import ai.avala.pipeline.webhook.WebhookProperties;
import ai.avala.pipeline.webhook.WebhookReceiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

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

	@Option(names = "--sandbox", description = "Start the embedded Avala sandbox and run against it")
	boolean sandbox;

	@Option(names = "--sandbox-clock-speed", defaultValue = "3600", paramLabel = "<factor>",
			description = "Simulated seconds per real second in the sandbox (default: ${DEFAULT-VALUE})")
	double clockSpeed;

	@Option(names = "--webhook-port", paramLabel = "<port>",
			description = "Receive Avala webhooks on this port for the run, so the wait ends as soon as annotation "
					+ "does (needs AVALA_WEBHOOK_SECRET; Avala must reach --avala.webhook.public-url)")
	Integer webhookPort;

	@Option(names = "--webhook-bind", paramLabel = "<address>",
			description = "Address the webhook receiver listens on (default: 127.0.0.1)")
	String webhookBind;

	@Override
	public Integer call() throws Exception {
		Map<String, String> overrides = keyValues();
		LocalDate runDate = runDate(overrides.remove(RunParameters.RUN_DATE));
		try (AvalaSandbox sandbox = this.sandbox ? startSandbox(overrides) : null) {
			JobDefinition definition = JobDefinitionLoader.load(this.jobFile, overrides);
			Map<String, Object> properties = this.cli.apiProperties();
			if (sandbox != null) {
				properties.put("avala.base-url", sandbox.baseUrl());
				properties.put("avala.api-key", sandbox.apiKey());
			}
			webhookProperties(properties, sandbox);
			if (!properties.containsKey("avala.api-key")) {
				throw new UsageException("AVALA_API_KEY is not set; export it with your Avala API key "
						+ "(or add --sandbox to run against the embedded sandbox)");
			}
			try (ConfigurableApplicationContext context = PipelineContext.start(properties);
					AutoCloseable receiver = startReceiver(context)) {
				return new RunLauncher(context, this.cli.out, this.cli.err)
					.start(RunParameters.of(this.jobFile, definition.name(), runDate, overrides));
			}
		}
	}

	/**
	 * The webhook secret comes from {@code AVALA_WEBHOOK_SECRET} like the API key from {@code AVALA_API_KEY}:
	 * never from the command line. With {@code --sandbox} the sandbox calls the receiver on loopback directly.
	 */
	private void webhookProperties(Map<String, Object> properties, AvalaSandbox sandbox) {
		if (properties.containsKey("avala.webhook.secret")) {
			throw new UsageException("do not pass the webhook secret on the command line, where other users can "
					+ "read it; set AVALA_WEBHOOK_SECRET instead");
		}
		String secret = this.cli.env.get("AVALA_WEBHOOK_SECRET");
		boolean hasSecret = secret != null && !secret.isBlank();
		if (hasSecret) {
			properties.put("avala.webhook.secret", secret);
		}
		if (this.webhookPort == null || this.webhookPort == 0) {
			return;
		}
		if (this.webhookPort < 0 || this.webhookPort > 65535) {
			throw new UsageException("--webhook-port must be 1..65535, was " + this.webhookPort);
		}
		if (!hasSecret) {
			throw new UsageException("--webhook-port needs AVALA_WEBHOOK_SECRET: export it with the secret that "
					+ "signs Avala's deliveries (unsigned deliveries are refused)");
		}
		properties.put("avala.webhook.port", this.webhookPort);
		if (this.webhookBind != null) {
			properties.put("avala.webhook.bind-address", this.webhookBind);
		}
		if (sandbox != null) {
			properties.putIfAbsent("avala.webhook.public-url",
					"http://127.0.0.1:" + this.webhookPort + WebhookProperties.PATH);
		}
	}

	/** The receiver lives as long as the run; nothing to close when no port was given. */
	private static AutoCloseable startReceiver(ConfigurableApplicationContext context) {
		WebhookProperties properties = context.getBean(WebhookProperties.class);
		if (!properties.receives()) {
			return () -> {
			};
		}
		return WebhookReceiver.start(properties, context.getBean(DeliveryStore.class),
				context.getBean(WakeableSleeper.class), context.getBean(AwaitedProjects.class));
	}

	private AvalaSandbox startSandbox(Map<String, String> overrides) {
		AvalaSandbox sandbox = AvalaSandbox.start(SandboxConfig.defaults().withClockSpeed(this.clockSpeed));
		this.cli.out.println(sandbox.readyLine().replaceAll("api-key=\\S+", "api-key=(hidden)"));
		// The job file cannot know the sandbox's template: use it unless the command line names another.
		overrides.putIfAbsent("templateProjectUid", sandbox.templateProjectUid());
		return sandbox;
	}

	private Map<String, String> keyValues() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String parameter : this.parameters) {
			int equals = parameter.indexOf('=');
			if (equals <= 0) {
				throw new UsageException("job parameter '" + parameter + "' must be key=value, e.g. runDate=2026-11-29");
			}
			values.put(parameter.substring(0, equals), parameter.substring(equals + 1));
		}
		return values;
	}

	private static LocalDate runDate(String value) {
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
