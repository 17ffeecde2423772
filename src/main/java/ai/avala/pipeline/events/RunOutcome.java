package ai.avala.pipeline.events;

/**
 * How one run ended, as the command reports it: what {@code run.finished} carries and what an alert says.
 *
 * @param name the job file's {@code name}
 * @param runDate the run's date (yyyy-MM-dd)
 * @param executionId the execution that ended, or the completed one for a run already completed; null when no
 * execution was started (refused by the preflight, held by another process, a bad command)
 * @param status Spring Batch's status of that execution (COMPLETED, FAILED, STOPPED...), or {@code NOT_STARTED}
 * @param exitCode the command's exit code (README "Exit codes")
 * @param alreadyCompleted the run had completed before: nothing ran
 * @param exportFile where the export was written, or null
 * @param reportFile the JSON run report's absolute path, or null when none was written
 * @param failure the failure in one line, as printed on stderr without {@code avala-pipeline: }, or null
 */
public record RunOutcome(String name, String runDate, Long executionId, String status, int exitCode,
		boolean alreadyCompleted, String exportFile, String reportFile, String failure) {

	/** Status of a run that never got an execution. */
	public static final String NOT_STARTED = "NOT_STARTED";

	public boolean succeeded() {
		return this.exitCode == 0;
	}

}
