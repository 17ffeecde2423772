package ai.avala.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.ProjectAction;
import ai.avala.pipeline.lifecycle.RunState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code pause}, {@code resume} and {@code cancel}: act on the remote project of a run (its uid from the run's
 * record), wherever the run is. They take no lease: the run's own wait sees the new status at its next check
 * (a paused project keeps it waiting, a canceled one ends it with exit 8).
 */
abstract class ProjectActionCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<executionId|job-file>",
			description = "An execution id (as 'status' shows it), or the run's job file")
	String target;

	@Parameters(index = "1..*", paramLabel = "runDate=yyyy-MM-dd",
			description = "With a job file: the run's date (default: today, UTC)")
	List<String> parameters = new ArrayList<>();

	abstract ProjectAction action();

	@Override
	public Integer call() {
		Map<String, Object> properties = this.cli.apiProperties();
		try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
			JobExecution execution = RunTarget.find(context.getBean(JobRepository.class), this.target, this.parameters);
			String uid = RunState.read(execution).project().uid();
			if (uid == null) {
				throw new UsageException("run " + RunLauncher.describe(execution.getJobParameters())
						+ " has no project yet (it has not cloned its template); nothing to " + action().path());
			}
			if (!properties.containsKey("avala.api-key")) {
				throw new UsageException("AVALA_API_KEY is not set; export it with your Avala API key");
			}
			this.cli.out.println(new ProjectControl(context.getBean(AvalaClient.class)).apply(uid, action()));
			return ExitCode.COMPLETED.code();
		}
	}

	@Command(name = "pause", mixinStandardHelpOptions = true,
			description = "Pause a run's project on the Avala side (active -> paused): annotation and its billing stop.")
	static class Pause extends ProjectActionCommand {

		@Override
		ProjectAction action() {
			return ProjectAction.PAUSE;
		}

	}

	@Command(name = "resume", mixinStandardHelpOptions = true,
			description = "Resume a run's paused project on the Avala side (paused -> active).")
	static class Resume extends ProjectActionCommand {

		@Override
		ProjectAction action() {
			return ProjectAction.RESUME;
		}

	}

	@Command(name = "cancel", mixinStandardHelpOptions = true,
			description = "Cancel a run's project on the Avala side (pending-approval, active or paused -> canceled). "
					+ "Final: the run then ends with exit 8.")
	static class Cancel extends ProjectActionCommand {

		@Override
		ProjectAction action() {
			return ProjectAction.CANCEL;
		}

	}

}
