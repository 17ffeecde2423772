package ai.avala.pipeline.report;

import java.util.List;

/**
 * One run (job instance) as the job repository, the upload ledger and the run's record know it: what reports,
 * {@code history} and {@code status --json} print. Times are ISO-8601 with the machine's offset; durations are in
 * seconds; a field not known yet is null.
 *
 * @param name the job file's {@code name}
 * @param runDate the run's date (yyyy-MM-dd)
 * @param instanceId the job instance
 * @param status the status of the run's last execution
 * @param start when its first execution started
 * @param end when its last execution ended (null while it runs)
 * @param durationSeconds the sum of its executions' durations: the time it ran, without the gaps between a failure
 * and its resumption
 * @param executions its executions, oldest first
 * @param uploads the upload ledger's counts for the run
 * @param remote the remote UIDs the run recorded
 * @param exportFile where the export was written, null before
 */
public record RunView(String name, String runDate, long instanceId, String status, String start, String end,
		Double durationSeconds, List<ExecutionView> executions, Uploads uploads, Remote remote, String exportFile) {

	/** The run's last execution. */
	public ExecutionView last() {
		return this.executions.get(this.executions.size() - 1);
	}

	/**
	 * One execution of the run.
	 *
	 * @param id the execution id ({@code status}, {@code restart}, {@code stop} take it)
	 * @param status Spring Batch's status: COMPLETED, FAILED, STOPPED, STARTED, ABANDONED...
	 * @param exitStatus Spring Batch's exit code (COMPLETED, FAILED, STOPPED, UNKNOWN...)
	 * @param start when it started
	 * @param end when it ended, null while running (or left by a dead process)
	 * @param durationSeconds end - start, null without an end
	 * @param steps its steps, in the order they ran
	 */
	public record ExecutionView(long id, String status, String exitStatus, String start, String end,
			Double durationSeconds, List<StepView> steps) {
	}

	/**
	 * One step of an execution, with Spring Batch's counts.
	 *
	 * @param failure the first line of the step's recorded failure, secrets removed, or null
	 */
	public record StepView(String name, String status, String start, String end, Double durationSeconds, long read,
			long written, long commits, long rollbacks, String failure) {
	}

	/**
	 * The upload ledger of the run: every manifest entry, by state, with the sum of their sizes.
	 *
	 * @param files entries in the ledger (the manifest's files)
	 * @param bytes their declared sizes summed
	 * @param confirmed files stored (confirmed by storage)
	 * @param bytesConfirmed their sizes summed: the bytes uploaded
	 * @param failed files that failed after their retries
	 * @param pending files with no outcome yet
	 */
	public record Uploads(long files, long bytes, long confirmed, long bytesConfirmed, long failed, long pending) {

		public static final Uploads NONE = new Uploads(0, 0, 0, 0, 0, 0);

	}

	/**
	 * The remote resources the run recorded.
	 *
	 * @param approval the project's status when approval was settled, or null before
	 * @param failedExports exports that failed on the Avala side (the run made a new one)
	 */
	public record Remote(String datasetUid, String projectUid, String exportUid, String approval,
			List<String> failedExports) {
	}

}
