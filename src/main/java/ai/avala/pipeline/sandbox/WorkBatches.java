package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Work batches derived from a project's task counts: tasks are split into batches of up to 50 and
 * complete in order, so batch counts always add up to the metrics.
 */
final class WorkBatches {

	static final int BATCH_SIZE = 50;

	private WorkBatches() {
	}

	record Snapshot(String projectUid, int total, int completed, int inProgress, Instant createdAt, Instant now) {
	}

	static List<Map<String, Object>> of(Snapshot snapshot) {
		List<Map<String, Object>> batches = new ArrayList<>();
		for (int start = 0; start < snapshot.total(); start += BATCH_SIZE) {
			batches.add(batch(snapshot, start, Math.min(snapshot.total(), start + BATCH_SIZE)));
		}
		return batches;
	}

	private static Map<String, Object> batch(Snapshot snapshot, int start, int end) {
		int size = end - start;
		int done = Math.max(0, Math.min(size, snapshot.completed() - start));
		boolean working = start < snapshot.completed() + snapshot.inProgress();
		String status = (done == size) ? "completed" : (done > 0 || working) ? "in_progress" : "pending";
		String key = snapshot.projectUid() + "/batch/" + (start / BATCH_SIZE);
		return Json.obj("uid", UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString(), "project",
				snapshot.projectUid(), "status", status, "task_count", size, "completed_task_count", done,
				"created_at", Json.time(snapshot.createdAt()), "updated_at", Json.time(snapshot.now()));
	}

}
