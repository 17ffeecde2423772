package ai.avala.pipeline.preflight;

import java.util.HashSet;
import java.util.Set;

import ai.avala.pipeline.lifecycle.RunRecord;
import ai.avala.pipeline.lifecycle.RunState;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * How far a run has come before this execution: what it recorded about the remote side and which steps completed.
 * A resumed run is only checked for what its remaining steps need: a template deleted after the clone, or files
 * removed after the upload, must not refuse the resume of a run that no longer needs them.
 *
 * @param record what the run recorded ({@link RunRecord#EMPTY} for a new run)
 * @param completedSteps the names of the steps that completed in an earlier execution
 */
public record RunProgress(RunRecord record, Set<String> completedSteps) {

	public RunProgress {
		completedSteps = Set.copyOf(completedSteps);
	}

	/** A run that has not started. */
	public static RunProgress fresh() {
		return new RunProgress(RunRecord.EMPTY, Set.of());
	}

	/** The progress of the run whose last execution is {@code last}, or {@link #fresh()} for null. */
	public static RunProgress of(JobRepository repository, JobExecution last) {
		if (last == null) {
			return fresh();
		}
		Set<String> completed = new HashSet<>();
		for (StepExecution step : repository.getJobExecutions(last.getJobInstance())
			.stream()
			.flatMap((execution) -> execution.getStepExecutions().stream())
			.toList()) {
			if (step.getStatus() == BatchStatus.COMPLETED) {
				completed.add(step.getStepName());
			}
		}
		return new RunProgress(RunState.read(last), completed);
	}

	public boolean done(String step) {
		return this.completedSteps.contains(step);
	}

	public boolean started() {
		return this.record.definition() != null || !this.completedSteps.isEmpty();
	}

}
