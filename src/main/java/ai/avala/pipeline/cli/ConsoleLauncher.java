package ai.avala.pipeline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.ProjectAction;
import ai.avala.pipeline.console.ConsoleActions;
import ai.avala.pipeline.console.ConsoleServer;
import ai.avala.pipeline.console.ConsoleSite;
import ai.avala.pipeline.lifecycle.RunState;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the web console in a command's process ({@code console}, {@code scheduler --console-port}) and carries
 * out its actions with the commands' own code: {@code stop} and {@code abandon} as those commands act,
 * {@code pause}/{@code resume}/{@code cancel} through {@link ProjectControl}, {@code restart} through
 * {@link RunLauncher} on a worker thread of this process.
 */
final class ConsoleLauncher implements ConsoleActions {

	/** Actuator's endpoint beans exist only when exposed; the console serves exactly these two. */
	static final Map<String, Object> ACTUATOR = Map.of("management.endpoints.web.exposure.include", "health,prometheus",
			"management.endpoint.health.show-details", "always", "management.endpoint.health.show-components", "always");

	/** The console token comes from the environment only: a command line is visible to other users. */
	static final String TOKEN = "AVALA_CONSOLE_TOKEN";

	private final PipelineCommandLine cli;

	private final ConfigurableApplicationContext context;

	private final Set<Long> launched;

	/** Restarts run here, at most two at once (each holds its run's lease like any run). */
	private final ExecutorService restarts = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "avala-console-restart");
		thread.setDaemon(true);
		return thread;
	});

	private ConsoleLauncher(PipelineCommandLine cli, ConfigurableApplicationContext context, Set<Long> launched) {
		this.cli = cli;
		this.context = context;
		this.launched = launched;
	}

	/**
	 * Starts the console and prints its ready line.
	 * @param launched the executions this process runs (the scheduler's), or null
	 */
	static ConsoleServer start(PipelineCommandLine cli, ConfigurableApplicationContext context, String bindAddress,
			int port, Path schedules, boolean schedulerInProcess, Set<Long> launched) throws IOException {
		ConsoleLauncher actions = new ConsoleLauncher(cli, context,
				(launched != null) ? launched : ConcurrentHashMap.newKeySet());
		boolean withKey = context.getEnvironment().getProperty("avala.api-key") != null;
		ConsoleSite site = ConsoleSite.of(context, actions, cli.env.get(TOKEN), schedules, schedulerInProcess, withKey);
		ConsoleServer server = ConsoleServer.start(bindAddress, port, site);
		cli.out.println("Avala console ready: url=" + server.url());
		return server;
	}

	static void checkPort(String option, int port) {
		if (port < 0 || port > 65535) {
			throw new UsageException(option + " must be 0..65535 (0 picks a free port), was " + port);
		}
	}

	@Override
	public String perform(Action action, long executionId) {
		JobExecution execution = Executions.find(this.context.getBean(JobRepository.class), executionId);
		try {
			return switch (action) {
				case STOP -> new StopCommand().act(this.context, execution);
				case ABANDON -> new AbandonCommand().act(this.context, execution);
				case RESTART -> restart(execution);
				case PAUSE -> project(execution, ProjectAction.PAUSE);
				case RESUME -> project(execution, ProjectAction.RESUME);
				case CANCEL -> project(execution, ProjectAction.CANCEL);
			};
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(FailureClassifier.message(ex), ex);
		}
	}

	private String restart(JobExecution execution) {
		requireKey();
		long id = execution.getId();
		this.restarts.execute(() -> {
			try {
				new RunLauncher(this.context, this.cli.out, this.cli.err, false, this.launched).restart(id);
			}
			catch (Exception ex) {
				this.cli.err.println("avala-pipeline: console restart of execution " + id + ": "
						+ FailureClassifier.message(ex));
			}
		});
		return "Restart of execution " + id + " (run " + RunLauncher.describe(execution.getJobParameters())
				+ ") started in the console's process; the run's page follows it";
	}

	private String project(JobExecution execution, ProjectAction action) {
		String uid = RunState.read(execution).project().uid();
		if (uid == null) {
			throw new UsageException("run " + RunLauncher.describe(execution.getJobParameters())
					+ " has no project yet (it has not cloned its template); nothing to " + action.path());
		}
		requireKey();
		return new ProjectControl(this.context.getBean(AvalaClient.class)).apply(uid, action);
	}

	private void requireKey() {
		if (this.context.getEnvironment().getProperty("avala.api-key") == null) {
			throw new UsageException("AVALA_API_KEY is not set in the console's environment; this action needs it");
		}
	}

}
