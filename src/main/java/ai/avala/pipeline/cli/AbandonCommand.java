package ai.avala.pipeline.cli;

import ai.avala.pipeline.lease.RunLease;
import ai.avala.pipeline.lease.RunLeases;
import java.util.Map;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.lifecycle.RunState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code abandon <executionId>}: gives up on a stopped, failed or crashed run for good, so that it is never
 * resumed. Works under the run's lease: an execution left STARTED by a dead process (the lease is free) is
 * recovered first, then abandoned; one whose process is alive is refused (exit 9).
 */
@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = { "Mark a stopped, failed or crashed execution ABANDONED: it will not be resumed.",
				"With --cancel-remote, then cancel its project on the Avala side." })
class AbandonCommand extends ExecutionCommand {

	@Option(names = "--cancel-remote", description = "Also cancel the run's project on the Avala side, so that its "
			+ "annotation (and its billing) stops")
	boolean cancelRemote;

	@Override
	Map<String, Object> properties() {
		return this.cancelRemote ? this.cli.apiProperties() : super.properties();
	}

	@Override
	String act(ConfigurableApplicationContext context, JobExecution execution) throws Exception {
		refuseIfEnded(execution);
		if (this.cancelRemote && !properties().containsKey("avala.api-key")) {
			throw new UsageException("AVALA_API_KEY is not set; --cancel-remote needs it to cancel the project");
		}
		String abandoned = abandon(context, execution);
		if (!this.cancelRemote) {
			return abandoned;
		}
		this.cli.out.println(abandoned);
		String project = RunState.read(Executions.find(context.getBean(JobRepository.class), execution.getId()))
			.project()
			.uid();
		if (project == null) {
			return "The run had no project yet; nothing to cancel";
		}
		return new ProjectControl(context.getBean(AvalaClient.class)).cancelUnlessEnded(project);
	}

	private String abandon(ConfigurableApplicationContext context, JobExecution execution) throws Exception {
		JobRepository repository = context.getBean(JobRepository.class);
		JobOperator operator = context.getBean(JobOperator.class);
		// Abandoning takes a few statements: if the lease were lost meanwhile there would be nothing to stop.
		try (RunLease lease = context.getBean(RunLeases.class)
			.acquire(RunLauncher.describe(execution.getJobParameters()), () -> {
			})) {
			JobExecution current = Executions.find(repository, execution.getId());
			refuseIfEnded(current);
			String recovered = "";
			if (current.isRunning()) {
				// Running, yet its run's lease was free: the process that ran it is dead.
				operator.recover(current);
				recovered = " (it was left " + execution.getStatus() + " by a process that died; recovered first)";
			}
			operator.abandon(current);
			return "Execution " + current.getId() + " abandoned" + recovered + "; run "
					+ RunLauncher.describe(current.getJobParameters()) + " will not be resumed";
		}
	}

	private static void refuseIfEnded(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
			throw new UsageException("execution " + execution.getId() + " is " + execution.getStatus()
					+ "; only a stopped, failed or crashed execution can be abandoned ('status' lists them)");
		}
	}

}
