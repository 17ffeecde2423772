package ai.avala.pipeline.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunViews;
import ai.avala.pipeline.progress.ByteCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code history}: one line per run (job instance), newest first: name, runDate, the status of its last execution,
 * how long it ran, files and bytes uploaded, and its export file. From the job repository, the upload ledger and
 * the run's record; no API call.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
		description = "One line per run, newest first: name, runDate, status, duration, files, bytes, export.")
class HistoryCommand implements Callable<Integer> {

	/** Instances read from the job repository at a time, so a long history never sits in memory at once. */
	private static final int PAGE = 100;

	@ParentCommand
	PipelineCommandLine cli;

	@Option(names = "--job", paramLabel = "NAME", description = "Only the runs of this job (its 'name')")
	String job;

	@Option(names = "--since", paramLabel = "yyyy-MM-dd", description = "Only runs with this runDate or later")
	String since;

	@Option(names = "--limit", defaultValue = "20", description = "Runs to show (default: ${DEFAULT-VALUE})")
	int limit;

	@Option(names = "--json", description = "JSON Lines: one object per run")
	boolean json;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new UsageException("--limit must be at least 1 (runs to show), was " + this.limit);
		}
		LocalDate from = since();
		try (ConfigurableApplicationContext context = PipelineContext.start(this.cli.apiProperties())) {
			JobRepository repository = context.getBean(JobRepository.class);
			RunViews views = context.getBean(RunViews.class);
			int shown = 0;
			for (int start = 0; shown < this.limit; start += PAGE) {
				List<JobInstance> page = repository.getJobInstances(AnnotationLifecycleJobConfiguration.JOB_NAME,
						start, PAGE);
				for (JobInstance instance : page) {
					if (shown < this.limit && matches(repository, instance, from)) {
						print(views.of(instance));
						shown++;
					}
				}
				if (page.size() < PAGE) {
					break;
				}
			}
			if (shown == 0 && !this.json) {
				this.cli.out.println("No runs" + ((this.job != null || from != null) ? " match." : " yet."));
			}
			return ExitCode.COMPLETED.code();
		}
	}

	private LocalDate since() {
		if (this.since == null) {
			return null;
		}
		try {
			return LocalDate.parse(this.since);
		}
		catch (DateTimeParseException ex) {
			throw new UsageException("--since '" + this.since + "' is not a date; write it as yyyy-MM-dd");
		}
	}

	private boolean matches(JobRepository repository, JobInstance instance, LocalDate from) {
		JobParameters parameters = repository.getLastJobExecution(instance).getJobParameters();
		if (this.job != null && !this.job.equals(parameters.getString(RunParameters.NAME))) {
			return false;
		}
		String runDate = RunParameters.runDate(parameters);
		return from == null || (runDate != null && !LocalDate.parse(runDate).isBefore(from));
	}

	private void print(RunView run) {
		if (this.json) {
			this.cli.out.println(StatusJson.JSON.writeValueAsString(HistoryLine.of(run)));
			return;
		}
		this.cli.out.printf(Locale.ROOT, "%-20s %s  %-9s ran %-9s files %d/%d  %-10s export %s  (executions: %s)%n",
				run.name(), run.runDate(), run.status(),
				(run.durationSeconds() != null) ? String.format(Locale.ROOT, "%.1f s", run.durationSeconds()) : "-",
				run.uploads().confirmed(), run.uploads().files(), ByteCounts.human(run.uploads().bytesConfirmed()),
				(run.exportFile() != null) ? run.exportFile() : "-",
				String.join(", ", run.executions().stream().map((e) -> String.valueOf(e.id())).toList()));
	}


	/**
	 * One run in {@code history --json}.
	 *
	 * @param status the status of its last execution
	 * @param durationSeconds its executions' durations summed (see {@link RunView#durationSeconds()})
	 * @param files files uploaded (confirmed by storage)
	 * @param filesTotal files in its manifest (its upload ledger)
	 * @param bytes bytes uploaded (the confirmed files' sizes)
	 * @param executionIds its executions, oldest first
	 */
	record HistoryLine(String name, String runDate, long instanceId, String status, long lastExecutionId,
			List<Long> executionIds, String start, String end, Double durationSeconds, long files, long filesTotal,
			long bytes, String exportFile) {

		static HistoryLine of(RunView run) {
			return new HistoryLine(run.name(), run.runDate(), run.instanceId(), run.status(), run.last().id(),
					run.executions().stream().map(RunView.ExecutionView::id).toList(), run.start(), run.end(),
					run.durationSeconds(), run.uploads().confirmed(), run.uploads().files(),
					run.uploads().bytesConfirmed(), run.exportFile());
		}

	}

}
