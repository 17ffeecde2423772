package ai.avala.pipeline.lifecycle;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaScopeException;
import ai.avala.pipeline.client.WorkBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads a project's work batches once per check of the annotation wait ({@code GET /work-batches/?project=},
 * contract §6, as the guide monitors) and logs each batch whose progress changed since the last check. Best
 * effort: the metrics decide when annotation is done, so a key without {@code work_batches.read} (said once,
 * then not asked again in this step execution) or a failed read never fails the run.
 */
final class WorkBatchMonitor {

	private static final Logger log = LoggerFactory.getLogger(WorkBatchMonitor.class);

	/** Pages per check, 100 batches each: the rate limit (100 calls a minute) is shared with the whole run. */
	private static final int MAX_PAGES = 5;

	/** Changed batches logged per check; the rest are counted. */
	private static final int MAX_LINES = 10;

	/** The step execution in which the key was found to lack the scope (a restart, a new execution, asks again). */
	private static final String REFUSED_IN = "await.batches.refusedIn";

	/** Runs waiting at once at most (the scheduler); the progress last logged, per step execution. */
	private static final int MAX_TRACKED = 64;

	private final AvalaClient api;

	private final Map<Long, Map<String, String>> logged = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, Map<String, String>> eldest) {
			return size() > MAX_TRACKED;
		}
	};

	WorkBatchMonitor(AvalaClient api) {
		this.api = api;
	}

	/** One read of the batches, with the changed ones logged; null when they are not read (scope, failure). */
	Summary check(StepExecution step, String projectUid) {
		ExecutionContext context = step.getExecutionContext();
		String thisExecution = String.valueOf(step.getId());
		if (thisExecution.equals(context.getString(REFUSED_IN, null))) {
			return null;
		}
		List<WorkBatch> batches;
		try {
			batches = this.api.workBatches(projectUid, MAX_PAGES);
		}
		catch (AvalaScopeException ex) {
			context.putString(REFUSED_IN, thisExecution);
			log.warn("Project {}: this API key lacks the scope work_batches.read, so the wait goes on with the metrics "
					+ "only, without per-batch progress ({})", projectUid, ex.getMessage());
			return null;
		}
		catch (AvalaApiException ex) {
			log.warn("Project {}: work batches could not be read this time; the metrics carry on: {}", projectUid,
					ex.getMessage());
			return null;
		}
		logChanges(step.getId(), projectUid, batches);
		return Summary.of(batches);
	}

	/** Forgets what was logged for a step execution that has finished waiting. */
	synchronized void finished(StepExecution step) {
		this.logged.remove(step.getId());
	}

	private synchronized void logChanges(long stepId, String projectUid, List<WorkBatch> batches) {
		Map<String, String> before = this.logged.computeIfAbsent(stepId, (id) -> new HashMap<>());
		int changed = 0;
		for (int i = 0; i < batches.size(); i++) {
			WorkBatch batch = batches.get(i);
			String progress = batch.status() + ", " + batch.completedTaskCount() + "/" + batch.taskCount() + " tasks";
			if (progress.equals(before.put(batch.uid(), progress))) {
				continue;
			}
			if (++changed <= MAX_LINES) {
				log.info("Project {}: work batch {} of {} ({}): {}", projectUid, i + 1, batches.size(), batch.uid(),
						progress);
			}
		}
		if (changed > MAX_LINES) {
			log.info("Project {}: and {} more work batches changed", projectUid, changed - MAX_LINES);
		}
	}

	/** The batches in one phrase, for the progress and heartbeat lines. */
	record Summary(int batches, int completed, int inProgress, AnnotationProgress.WorkBatches recorded) {

		static Summary of(List<WorkBatch> batches) {
			AnnotationProgress.WorkBatches recorded = AnnotationProgress.WorkBatches.of(batches);
			return new Summary(recorded.total(), recorded.completed(), recorded.inProgress(), recorded);
		}

		String text() {
			return "; work batches " + this.completed + "/" + this.batches + " completed, " + this.inProgress
					+ " in progress";
		}

	}

}
