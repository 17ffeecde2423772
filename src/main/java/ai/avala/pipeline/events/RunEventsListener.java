package ai.avala.pipeline.events;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ai.avala.pipeline.lifecycle.RunParameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Tells {@link RunEvents} when the run's execution starts (and whether it resumes an earlier one, at which step)
 * and when each step starts and ends. Registered on the job and on every step; does nothing while events are off.
 */
public final class RunEventsListener implements JobExecutionListener, StepExecutionListener {

	private final RunEvents events;

	private final JobRepository jobRepository;

	public RunEventsListener(RunEvents events, JobRepository jobRepository) {
		this.events = events;
		this.jobRepository = jobRepository;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		if (!this.events.enabled()) {
			return;
		}
		Optional<JobExecution> previous = this.jobRepository.getJobExecutions(execution.getJobInstance())
			.stream()
			.filter((other) -> other.getId() != execution.getId())
			.max(Comparator.comparingLong(JobExecution::getId));
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("executionId", execution.getId());
		fields.put("instanceId", execution.getJobInstance().getInstanceId());
		fields.put("name", execution.getJobParameters().getString(RunParameters.NAME));
		fields.put("runDate", RunParameters.runDate(execution.getJobParameters()));
		fields.put("resumed", previous.isPresent());
		fields.put("previousExecutionId", previous.map(JobExecution::getId).orElse(null));
		fields.put("resumeStep", previous.map(RunEventsListener::firstUnfinished).orElse(null));
		this.events.emit(RunEventType.RUN_STARTED, fields);
	}

	/** The first step the earlier execution did not complete: where this one starts. */
	private static String firstUnfinished(JobExecution previous) {
		return previous.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.filter((step) -> step.getStatus() != BatchStatus.COMPLETED)
			.map(StepExecution::getStepName)
			.findFirst()
			.orElse(null);
	}

	@Override
	public void beforeStep(StepExecution step) {
		if (!this.events.enabled()) {
			return;
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("executionId", step.getJobExecutionId());
		fields.put("step", step.getStepName());
		this.events.emit(RunEventType.STEP_STARTED, fields);
	}

	@Override
	public ExitStatus afterStep(StepExecution step) {
		if (!this.events.enabled()) {
			return null;
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("executionId", step.getJobExecutionId());
		fields.put("step", step.getStepName());
		// Final by now: AbstractStep settles the status (COMPLETED, FAILED, STOPPED) before its listeners run.
		fields.put("status", step.getStatus().name());
		fields.put("durationSeconds", seconds(step.getStartTime(), LocalDateTime.now()));
		fields.put("read", step.getReadCount());
		fields.put("written", step.getWriteCount());
		fields.put("commits", step.getCommitCount());
		fields.put("rollbacks", step.getRollbackCount());
		fields.put("failure", step.getFailureExceptions().isEmpty() ? null
				: oneLine(step.getFailureExceptions().get(0).getMessage()));
		this.events.emit(RunEventType.STEP_FINISHED, fields);
		return null;
	}

	private static Double seconds(LocalDateTime start, LocalDateTime end) {
		return (start != null) ? Duration.between(start, end).toMillis() / 1000.0 : null;
	}

	static String oneLine(String text) {
		if (text == null) {
			return null;
		}
		int newline = text.indexOf('\n');
		return ((newline < 0) ? text : text.substring(0, newline)).strip();
	}

}
