package ai.avala.pipeline.report;

import java.util.List;

import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunView.Remote;
import ai.avala.pipeline.report.RunView.StepView;

/**
 * What {@code reports/<name>-<runDate>.json} holds: the run's latest state, written when one of its executions
 * ends. Field by field in the README ("Run reports"); {@link #VERSION} changes only when a field changes meaning
 * or goes away.
 *
 * @param executionId the execution whose end wrote the report
 * @param status that execution's status
 * @param exitCode the exit code the command ended with (table "Exit codes")
 * @param failure the failure in one line, as the command printed it (secrets removed), or null
 * @param steps each step's latest execution (a resumed run skips the steps it had completed: they are here from
 * the execution that ran them)
 */
public record RunReport(int reportVersion, String name, String runDate, long instanceId, long executionId,
		String status, int exitCode, String failure, String start, String end, Double durationSeconds,
		List<ReportStep> steps, Uploads uploads, Remote remote, String exportFile, List<String> warnings,
		List<ExecutionView> executions) {

	public static final int VERSION = 1;

	/** A step's latest execution, with the execution it belongs to. */
	public record ReportStep(long executionId, String name, String status, String start, String end,
			Double durationSeconds, long read, long written, long commits, long rollbacks, String failure) {

		static ReportStep of(long executionId, StepView step) {
			return new ReportStep(executionId, step.name(), step.status(), step.start(), step.end(),
					step.durationSeconds(), step.read(), step.written(), step.commits(), step.rollbacks(), step.failure());
		}

	}

	/**
	 * The upload ledger's counts, and the throughput of the upload step.
	 *
	 * @param uploadSeconds the uploadFiles step's durations summed over the run's executions
	 * @param bytesPerSecond bytesConfirmed / uploadSeconds, null without a finished upload step
	 * @param filesPerSecond confirmed / uploadSeconds, likewise
	 */
	public record Uploads(long files, long bytes, long confirmed, long bytesConfirmed, long failed, long pending,
			Double uploadSeconds, Double bytesPerSecond, Double filesPerSecond) {
	}

}
