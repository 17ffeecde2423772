package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import ai.avala.pipeline.schedule.ScheduleDefinition;
import ai.avala.pipeline.schedule.ScheduleFirer;
import ai.avala.pipeline.schedule.ScheduleLoader;
import ai.avala.pipeline.schedule.ScheduleService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.quartz.Scheduler;

/**
 * {@code scheduler [--schedules <dir>]}: runs the enabled schedules until SIGTERM or Ctrl-C. Quartz keeps its
 * jobs and triggers in the job repository's database, so a restarted scheduler knows what it missed.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
		description = { "Run the schedules of a folder (schedules/*.yml) until stopped (SIGTERM or Ctrl-C).",
				"A stop stops the running runs restartably (exit 7), else exits 0." })
class SchedulerCommand implements Callable<Integer> {

	/**
	 * Only this command keeps Quartz's state in the database, next to the job repository, clustered (see
	 * schedule/QuartzDatabaseCustomizer); a file H2 is not "embedded" for Boot, so the tables must be asked for.
	 * The scripts are the project's own (db/quartz): Quartz's PostgreSQL script drops its tables first.
	 */
	static final Map<String, Object> QUARTZ_JDBC = Map.of("spring.quartz.job-store-type", "jdbc",
			"spring.quartz.jdbc.initialize-schema", "always",
			"spring.quartz.jdbc.schema", "classpath:db/quartz/tables_@@platform@@.sql");

	@ParentCommand
	PipelineCommandLine cli;

	@Option(names = "--schedules", defaultValue = "schedules", paramLabel = "<dir>",
			description = "The folder of schedule files (default: ${DEFAULT-VALUE})")
	Path folder;

	@Mixin
	SandboxOptions sandboxOptions = new SandboxOptions();

	@Mixin
	WebhookOptions webhooks = new WebhookOptions();

	@Option(names = "--console-port", paramLabel = "<port>",
			description = "Also serve the web console and /actuator/health, /actuator/prometheus on this port (0 picks a free one)")
	Integer consolePort;

	@Option(names = "--console-bind-address", defaultValue = "127.0.0.1",
			description = "The console's address (default: ${DEFAULT-VALUE}, this machine only)")
	String consoleBindAddress;

	@Override
	public Integer call() throws Exception {
		List<ScheduleDefinition> loaded = ScheduleLoader.loadAll(this.folder);
		Map<String, Object> settings = new java.util.LinkedHashMap<>(QUARTZ_JDBC);
		this.webhooks.apply(settings, this.cli.env, this.sandboxOptions.enabled);
		if (this.consolePort != null) {
			ConsoleLauncher.checkPort("--console-port", this.consolePort);
			settings.putAll(ConsoleLauncher.ACTUATOR);
		}
		try (ScheduleRuntime runtime = ScheduleRuntime.start(this.cli, this.sandboxOptions, settings);
				AutoCloseable receiver = WebhookOptions.startReceiver(runtime.context());
				AutoCloseable console = (this.consolePort != null) ? ConsoleLauncher.start(this.cli, runtime.context(),
						this.consoleBindAddress, this.consolePort, this.folder, true, runtime.launched()) : () -> {
						}) {
			List<ScheduleDefinition> schedules = runtime.adapt(loaded);
			ScheduleService service = new ScheduleService(runtime.bean(Scheduler.class),
					new ScheduleFirer(schedules, runtime.launcher(false), runtime.fires()), runtime.stopper());
			CountDownLatch stop = stopRequest();
			service.start(schedules, Clock.systemUTC());
			announce(schedules);
			stop.await();
			return (service.stop() > 0) ? ExitCode.STOPPED.code() : ExitCode.COMPLETED.code();
		}
	}

	private CountDownLatch stopRequest() {
		CountDownLatch stop = new CountDownLatch(1);
		SignalHandler handler = (signal) -> {
			this.cli.err.println("avala-pipeline: stop requested (SIG" + signal.getName()
					+ "); stopping the running runs at their next safe point, then the scheduler");
			stop.countDown();
		};
		Signal.handle(new Signal("TERM"), handler);
		Signal.handle(new Signal("INT"), handler);
		return stop;
	}

	private void announce(List<ScheduleDefinition> schedules) {
		long enabled = schedules.stream().filter(ScheduleDefinition::enabled).count();
		this.cli.out.println("Scheduler running: " + enabled + " of " + schedules.size() + " schedule(s) in "
				+ this.folder + " enabled; SIGTERM or Ctrl-C stops it");
		if (enabled == 0) {
			this.cli.err.println("avala-pipeline: no schedule is enabled; set 'enabled: true' in a schedule file");
		}
	}

}
