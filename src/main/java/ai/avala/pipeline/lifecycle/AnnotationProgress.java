package ai.avala.pipeline.lifecycle;

import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.client.WorkBatch;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The annotation wait's last reading, kept in the {@code awaitCompletion} step's execution context (saved with each
 * check of the wait), so that {@code status} shows where annotation stood also for a run whose process died or that
 * ended. Best effort: a run recorded before this existed has none.
 *
 * @param readAt when it was read (ISO-8601, UTC)
 * @param projectUid the project
 * @param completedTasks tasks completed
 * @param totalTasks tasks in all (0 until the service has created them)
 * @param percent completed of all
 * @param tasksPerSecond the completion rate since the first completed task was seen, or null before a rate is known
 * @param etaSeconds when the rest should be done at that rate, or null
 * @param workBatches the work batches' summary, or null when they could not be read (scope, failure)
 */
public record AnnotationProgress(String readAt, String projectUid, long completedTasks, long totalTasks,
		double percent, Double tasksPerSecond, Long etaSeconds, WorkBatches workBatches) {

	/** The step-context key. */
	static final String KEY = "await.progress";

	/** Batches listed one by one at most; a project with more shows the counts of all and the first ones. */
	static final int MAX_LISTED = 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * @param total batches read (at most 500: the wait reads 5 pages of 100)
	 * @param completed of them, completed
	 * @param inProgress of them, in progress
	 * @param batches the first {@value #MAX_LISTED}, in the service's order
	 */
	public record WorkBatches(int total, int completed, int inProgress, List<Batch> batches) {

		static WorkBatches of(List<WorkBatch> all) {
			return new WorkBatches(all.size(), (int) all.stream().filter(WorkBatch::completed).count(),
					(int) all.stream().filter(WorkBatch::inProgress).count(),
					all.stream()
						.limit(MAX_LISTED)
						.map((b) -> new Batch(b.uid(), b.status(), b.completedTaskCount(), b.taskCount()))
						.toList());
		}

	}

	/** One work batch: its uid, status (pending, in_progress, completed) and task counts. */
	public record Batch(String uid, String status, long completedTasks, long totalTasks) {
	}

	void store(ExecutionContext context) {
		context.putString(KEY, JSON.writeValueAsString(this));
	}

	/** The run's last reading: from the latest execution of its wait that recorded one, if any did. */
	public static Optional<AnnotationProgress> last(JobRepository jobRepository, JobInstance instance) {
		StepExecution step = jobRepository.getLastStepExecution(instance,
				AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION);
		return (step != null) ? of(step) : Optional.empty();
	}

	/** The reading in one line, e.g. {@code 40/120 tasks completed (33.3%), work batches 0/3 completed, 1 in progress}. */
	public String summary() {
		StringBuilder line = new StringBuilder().append(this.completedTasks)
			.append('/')
			.append(this.totalTasks)
			.append(" tasks completed (")
			.append(String.format(java.util.Locale.ROOT, "%.1f", this.percent))
			.append("%)");
		if (this.workBatches != null) {
			line.append(", work batches ")
				.append(this.workBatches.completed())
				.append('/')
				.append(this.workBatches.total())
				.append(" completed, ")
				.append(this.workBatches.inProgress())
				.append(" in progress");
		}
		return line.append(" (read ").append(this.readAt).append(')').toString();
	}

	/** The reading recorded in a step execution of the wait, if any. */
	public static Optional<AnnotationProgress> of(StepExecution step) {
		return of(step.getExecutionContext());
	}

	static Optional<AnnotationProgress> of(ExecutionContext context) {
		String json = context.getString(KEY, null);
		return (json != null) ? Optional.of(JSON.readValue(json, AnnotationProgress.class)) : Optional.empty();
	}

}
