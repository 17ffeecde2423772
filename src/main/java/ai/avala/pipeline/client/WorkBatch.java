package ai.avala.pipeline.client;

/**
 * One work batch of a project (contract §6, {@code GET /work-batches/?project=}): how the guide monitors
 * annotation. Status words: pending, in_progress, completed.
 */
public record WorkBatch(String uid, String project, String status, long taskCount, long completedTaskCount) {

	public boolean completed() {
		return "completed".equalsIgnoreCase(this.status);
	}

	public boolean inProgress() {
		return "in_progress".equalsIgnoreCase(this.status) || "in-progress".equalsIgnoreCase(this.status);
	}

}
