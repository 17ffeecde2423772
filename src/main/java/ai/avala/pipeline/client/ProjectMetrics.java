package ai.avala.pipeline.client;

/** Annotation progress of a project. {@code totalTasks} is 0 until task creation has finished. */
public record ProjectMetrics(String projectUid, long totalTasks, long completedTasks, long inProgressTasks,
		long pendingTasks) {

	/** Done per the guide: every created task is completed. */
	public boolean done() {
		return this.totalTasks > 0 && this.completedTasks >= this.totalTasks;
	}

	public double percent() {
		return (this.totalTasks == 0) ? 0.0 : 100.0 * this.completedTasks / this.totalTasks;
	}

}
