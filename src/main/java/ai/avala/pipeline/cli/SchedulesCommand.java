package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import ai.avala.pipeline.schedule.ScheduleDefinition;
import ai.avala.pipeline.schedule.ScheduleFirer;
import ai.avala.pipeline.schedule.ScheduleLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code schedules list} and {@code schedules run <name>}: look at the schedules, or fire one by hand. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
		description = "List the schedules with their next fire times, or run one now.",
		subcommands = { SchedulesCommand.ListCommand.class, SchedulesCommand.RunNowCommand.class })
class SchedulesCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Override
	public Integer call() {
		new CommandLine(this).usage(this.cli.out);
		return ExitCode.USAGE.code();
	}

	/** {@code schedules list}: needs no database; the next fire times come from the cron alone. */
	@Command(name = "list", mixinStandardHelpOptions = true,
			description = "Print each schedule (name, job, cron, zone, enabled, misfire) and its next 3 fire times.")
	static class ListCommand implements Callable<Integer> {

		private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

		@ParentCommand
		SchedulesCommand parent;

		@Option(names = "--schedules", defaultValue = "schedules", paramLabel = "<dir>",
				description = "The folder of schedule files (default: ${DEFAULT-VALUE})")
		Path folder;

		@Override
		public Integer call() {
			List<ScheduleDefinition> schedules = ScheduleLoader.loadAll(this.folder);
			if (schedules.isEmpty()) {
				this.parent.cli.out.println("No schedules in " + this.folder);
			}
			Instant now = Instant.now();
			schedules.forEach((schedule) -> print(schedule, now));
			return ExitCode.COMPLETED.code();
		}

		private void print(ScheduleDefinition schedule, Instant now) {
			this.parent.cli.out.println(schedule.name() + "  job=" + display(schedule.jobFile()) + "  cron='"
					+ schedule.cron() + "'  zone=" + schedule.timeZone() + "  enabled=" + schedule.enabled()
					+ "  misfire=" + schedule.misfire().word());
			this.parent.cli.out.println("  next: " + schedule.nextFireTimes(now, 3)
				.stream()
				.map(TIME::format)
				.collect(Collectors.joining(", ")));
		}

		private static String display(Path file) {
			Path here = Path.of("").toAbsolutePath();
			return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
		}

	}

	/** {@code schedules run <name>}: one fire now, in this process, with runDate = today in the schedule's zone. */
	@Command(name = "run", mixinStandardHelpOptions = true,
			description = { "Fire one schedule now (even a disabled one): run its job in this process with "
					+ "runDate = today in the schedule's zone; exits with the run's exit code." })
	static class RunNowCommand implements Callable<Integer> {

		@ParentCommand
		SchedulesCommand parent;

		@Parameters(index = "0", paramLabel = "<name>", description = "The schedule's name ('schedules list')")
		String name;

		@Option(names = "--schedules", defaultValue = "schedules", paramLabel = "<dir>",
				description = "The folder of schedule files (default: ${DEFAULT-VALUE})")
		Path folder;

		@Mixin
		SandboxOptions sandboxOptions = new SandboxOptions();

		@Override
		public Integer call() throws Exception {
			ScheduleDefinition schedule = find(ScheduleLoader.loadAll(this.folder));
			PipelineCommandLine cli = this.parent.cli;
			try (ScheduleRuntime runtime = ScheduleRuntime.start(cli, this.sandboxOptions, Map.of())) {
				ScheduleFirer firer = new ScheduleFirer(runtime.adapt(List.of(schedule)), runtime.launcher(true),
						runtime.fires());
				return firer.fire(schedule.name(), Instant.now()).orElse(ExitCode.FAILED.code());
			}
		}

		private ScheduleDefinition find(List<ScheduleDefinition> schedules) {
			return schedules.stream()
				.filter((schedule) -> schedule.name().equals(this.name))
				.findFirst()
				.orElseThrow(() -> new UsageException("there is no schedule '" + this.name + "' in " + this.folder
						+ "; known: " + schedules.stream().map(ScheduleDefinition::name).toList()));
		}

	}

}
