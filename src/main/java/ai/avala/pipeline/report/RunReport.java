package ai.avala.pipeline.report;

import java.util.List;
import java.util.Map;

import ai.avala.pipeline.metrics.CallCounts;

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
 * @param calls the HTTP calls the run sent, over all its executions
 */
public record RunReport(int reportVersion, String name, String runDate, long instanceId, long executionId,
		String status, int exitCode, String failure, String start, String end, Double durationSeconds,
		List<ReportStep> steps, Uploads uploads, Calls calls, Remote remote, String exportFile, List<String> warnings,
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

	/**
	 * The HTTP calls of the run: of each execution and of the preflight before it, summed over the executions
	 * counted (docs/metrics.md, "Run report").
	 *
	 * @param api API calls
	 * @param apiByStatus API calls by HTTP status ({@code timeout} / {@code connection}: no answer)
	 * @param apiByRoute API calls by {@code "METHOD /route/template/"}, then by status
	 * @param storage storage calls (presigned PUT/POST uploads, export downloads)
	 * @param storageByStatus storage calls by {@code "METHOD status"}
	 * @param retries retries decided (a call sent again)
	 * @param retriesByReason retries by reason: {@code 429}, {@code 5xx}, {@code connection}, {@code timeout},
	 * {@code other}
	 * @param throttleWaits 429 answers waited out
	 * @param throttleWaitSeconds the seconds those waits took (Retry-After, plus jitter)
	 * @param countedExecutions the executions whose calls are counted, oldest first (an execution killed before its
	 * first step ended is missing: its counts were never saved)
	 */
	public record Calls(long api, Map<String, Long> apiByStatus, Map<String, Map<String, Long>> apiByRoute,
			long storage, Map<String, Long> storageByStatus, long retries, Map<String, Long> retriesByReason,
			long throttleWaits, double throttleWaitSeconds, List<Long> countedExecutions) {

		static Calls of(Map<Long, CallCounts> byExecution) {
			CallCounts sum = byExecution.values().stream().reduce(CallCounts.NONE, CallCounts::plus);
			return new Calls(sum.apiCalls(), sum.apiByStatus(), sum.apiByRoute(), sum.storageCalls(),
					sum.storageByMethodAndStatus(), sum.retries(), sum.retriesByReason(), sum.throttleWaits(),
					Math.round(sum.throttleWaitSeconds() * 1000) / 1000.0, List.copyOf(byExecution.keySet()));
		}

	}

}
