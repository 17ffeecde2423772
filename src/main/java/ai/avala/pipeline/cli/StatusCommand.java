package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import java.util.Map;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.lease.RunLeases;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.report.Redactor;
import ai.avala.pipeline.report.RunViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code status [executionId]}: runs with their executions, steps, status, timings and counts, and for each run
 * whether a live process holds it, its remote UIDs and project status, and its failure in one line.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Show recent executions (or one) with their steps, status, timings and counts.")
class StatusCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", arity = "0..1", paramLabel = "<executionId>")
	Long executionId;

	@Option(names = "--limit", defaultValue = "10", description = "Runs to show (default: ${DEFAULT-VALUE})")
	int limit;

	@Option(names = "--json", description = "JSON for scripts: one run per line (JSON Lines); with an id, one object")
	boolean json;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new UsageException("--limit must be at least 1 (runs to show), was " + this.limit);
		}
		Map<String, Object> properties = this.cli.apiProperties();
		try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
			JobRepository repository = context.getBean(JobRepository.class);
			RunSummary summary = new RunSummary(context.getBean(RunLeases.class),
					properties.containsKey("avala.api-key") ? context.getBean(AvalaClient.class) : null, repository);
			StatusJson json = new StatusJson(context.getBean(RunViews.class), summary,
					Redactor.of(context.getEnvironment()));
			if (this.executionId != null) {
				JobExecution execution = Executions.find(repository, this.executionId);
				if (this.json) {
					this.cli.out.println(json.execution(execution, execution.getJobInstance(),
							repository.getLastJobExecution(execution.getJobInstance())));
					return ExitCode.COMPLETED.code();
				}
				print(execution, true);
				summary.print(this.cli.out, repository.getLastJobExecution(execution.getJobInstance()));
				return ExitCode.COMPLETED.code();
			}
			List<JobInstance> instances = repository
				.getJobInstances(AnnotationLifecycleJobConfiguration.JOB_NAME, 0, this.limit);
			if (this.json) {
				instances.forEach((instance) -> this.cli.out
					.println(json.run(instance, repository.getLastJobExecution(instance))));
				return ExitCode.COMPLETED.code();
			}
			if (instances.isEmpty()) {
				this.cli.out.println("No runs yet.");
			}
			for (JobInstance instance : instances) {
				repository.getJobExecutions(instance)
					.stream()
					.sorted(Comparator.comparingLong(JobExecution::getId))
					.forEach((execution) -> print(execution, false));
				summary.print(this.cli.out, repository.getLastJobExecution(instance));
			}
			return ExitCode.COMPLETED.code();
		}
	}

	private void print(JobExecution execution, boolean withFailures) {
		PrintStream out = this.cli.out;
		out.printf("execution %d  run %s %s  %s  started %s  took %s%n", execution.getId(),
				execution.getJobParameters().getString(RunParameters.NAME),
				RunParameters.runDate(execution.getJobParameters()), execution.getStatus(),
				RunViews.time(execution.getStartTime()), took(execution.getStartTime(), execution.getEndTime()));
		execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.forEach((step) -> printStep(out, step, withFailures));

	}

	private static void printStep(PrintStream out, StepExecution step, boolean withFailures) {
		out.printf("  %-16s %-10s read %d  written %d  commits %d  rollbacks %d  took %s%n", step.getStepName(),
				step.getStatus(), step.getReadCount(), step.getWriteCount(), step.getCommitCount(),
				step.getRollbackCount(), took(step.getStartTime(), step.getEndTime()));
		String description = step.getExitStatus().getExitDescription();
		if (withFailures && description != null && !description.isBlank()) {
			out.println("    " + firstLine(description));
		}
	}

	private static String took(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return "-";
		}
		if (end == null) {
			return "(running or interrupted)";
		}
		Duration duration = Duration.between(start, end);
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

}
