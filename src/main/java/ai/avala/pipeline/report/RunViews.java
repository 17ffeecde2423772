package ai.avala.pipeline.report;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.lifecycle.RunRecord;
import ai.avala.pipeline.lifecycle.RunState;
import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunView.StepView;
import ai.avala.pipeline.report.RunView.Uploads;
import ai.avala.pipeline.upload.LedgerEntry;
import ai.avala.pipeline.upload.UploadLedger;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Builds {@link RunView}s from the job repository, the upload ledger and the run's record. Reads only. */
@Component
public class RunViews {

	private final JobRepository jobRepository;

	private final UploadLedger ledger;

	private final Redactor redactor;

	public RunViews(JobRepository jobRepository, UploadLedger ledger, Environment environment) {
		this.jobRepository = jobRepository;
		this.ledger = ledger;
		this.redactor = Redactor.of(environment);
	}

	public RunView of(JobInstance instance) {
		List<ExecutionView> executions = this.jobRepository.getJobExecutions(instance)
			.stream()
			.sorted(Comparator.comparingLong(JobExecution::getId))
			.map(this::execution)
			.toList();
		JobExecution last = this.jobRepository.getLastJobExecution(instance);
		RunRecord record = RunState.read(last);
		Double duration = executions.stream().allMatch((e) -> e.durationSeconds() == null) ? null
				: executions.stream().map(ExecutionView::durationSeconds).filter((d) -> d != null)
					.mapToDouble(Double::doubleValue).sum();
		return new RunView(last.getJobParameters().getString(RunParameters.NAME),
				RunParameters.runDate(last.getJobParameters()), instance.getInstanceId(), last.getStatus().name(),
				executions.get(0).start(), last.isRunning() ? null : time(last.getEndTime()), duration, executions,
				uploads(instance.getInstanceId()),
				new RunView.Remote(record.dataset().uid(), record.project().uid(), record.export().uid(),
						record.approval(), record.failedExports()),
				record.exportFile());
	}

	public ExecutionView execution(JobExecution execution) {
		List<StepView> steps = execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.map(this::step)
			.toList();
		return new ExecutionView(execution.getId(), execution.getStatus().name(),
				execution.getExitStatus().getExitCode(), time(execution.getStartTime()), time(execution.getEndTime()),
				seconds(execution.getStartTime(), execution.getEndTime()), steps);
	}

	private StepView step(StepExecution step) {
		return new StepView(step.getStepName(), step.getStatus().name(), time(step.getStartTime()),
				time(step.getEndTime()), seconds(step.getStartTime(), step.getEndTime()), step.getReadCount(),
				step.getWriteCount(), step.getCommitCount(), step.getRollbackCount(),
				this.redactor.clean(firstLine(step.getExitStatus().getExitDescription())));
	}

	private Uploads uploads(long instance) {
		Map<String, long[]> totals = this.ledger.totals(instance);
		long[] confirmed = totals.getOrDefault(LedgerEntry.CONFIRMED, new long[2]);
		long[] failed = totals.getOrDefault(LedgerEntry.FAILED, new long[2]);
		long[] pending = totals.getOrDefault(LedgerEntry.PENDING, new long[2]);
		long files = totals.values().stream().mapToLong((t) -> t[0]).sum();
		long bytes = totals.values().stream().mapToLong((t) -> t[1]).sum();
		return new Uploads(files, bytes, confirmed[0], confirmed[1], failed[0], pending[0]);
	}

	public static String time(LocalDateTime time) {
		// Spring Batch stores local times; the offset makes them unambiguous for a script on another machine.
		return (time != null)
				? time.truncatedTo(ChronoUnit.MILLIS).atZone(ZoneId.systemDefault()).toOffsetDateTime().toString() : null;
	}

	static Double seconds(LocalDateTime start, LocalDateTime end) {
		return (start != null && end != null) ? Duration.between(start, end).toMillis() / 1000.0 : null;
	}

	static String firstLine(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		int newline = text.indexOf('\n');
		String line = (newline < 0) ? text : text.substring(0, newline);
		return line.replaceFirst("^[\\w.$]+(Exception|Error): ", "").strip();
	}

}
