package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import ai.avala.pipeline.console.ConsoleServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code console [--port N]}: the web console alone (runs, run pages, schedules, health and Prometheus metrics) until
 * SIGTERM or Ctrl-C, for machines whose runs are launched by cron. Read-only unless AVALA_CONSOLE_TOKEN is set.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
		description = { "Serve the web console (runs, steps, progress, schedules, /actuator/health, /actuator/prometheus) "
				+ "until stopped (SIGTERM or Ctrl-C).", "Prints 'Avala console ready: url=http://127.0.0.1:<port>/'. "
						+ "Actions only with AVALA_CONSOLE_TOKEN set in the environment." })
class ConsoleCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Option(names = "--port", defaultValue = "8085", description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
	int port;

	@Option(names = "--bind-address", defaultValue = "127.0.0.1",
			description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
	String bindAddress;

	@Option(names = "--schedules", defaultValue = "schedules", paramLabel = "<dir>",
			description = "The folder of schedule files shown (default: ${DEFAULT-VALUE})")
	Path schedules;

	@Override
	public Integer call() throws Exception {
		ConsoleLauncher.checkPort("--port", this.port);
		Map<String, Object> properties = new LinkedHashMap<>(this.cli.apiProperties());
		properties.putAll(ConsoleLauncher.ACTUATOR);
		CountDownLatch stop = new CountDownLatch(1);
		Signal.handle(new Signal("TERM"), (signal) -> stop.countDown());
		Signal.handle(new Signal("INT"), (signal) -> stop.countDown());
		try (ConfigurableApplicationContext context = PipelineContext.start(properties);
				ConsoleServer server = ConsoleLauncher.start(this.cli, context, this.bindAddress, this.port,
						this.schedules, false, null)) {
			stop.await();
			return ExitCode.COMPLETED.code();
		}
	}

}
