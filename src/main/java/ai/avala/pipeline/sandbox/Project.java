package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One annotation project and its simulated progress. Progress is a function of the active time
 * accumulated since approval, so pausing stops it and {@link SandboxClock#advance} jumps it.
 */
final class Project {

	private static final Set<String> CANCELLABLE = Set.of("pending-approval", "active", "paused");

	final String uid;

	final String orgId;

	final String name;

	final String taskType;

	final String sourceUid;

	final List<String> datasetUids;

	final int itemCount;

	final Instant createdAt;

	private final double pace;

	private final double acceptanceRate;

	private String status;

	private Instant updatedAt;

	private Duration activeTime = Duration.ZERO;

	private Instant lastUpdate;

	private Instant tasksCreatedAt;

	private int total;

	private int completed;

	/** Metrics frozen by test control, as a lagging metrics cache would answer; null when live. */
	private Map<String, Object> staleMetrics;

	Project(String uid, String orgId, String name, String taskType, String sourceUid, List<String> datasetUids,
			int itemCount, String status, Instant now) {
		this.uid = uid;
		this.orgId = orgId;
		this.name = name;
		this.taskType = taskType;
		this.sourceUid = sourceUid;
		this.datasetUids = List.copyOf(datasetUids);
		this.itemCount = itemCount;
		this.createdAt = now;
		this.status = status;
		this.updatedAt = now;
		Random random = new Random(uid.hashCode());
		this.pace = 0.92 + random.nextDouble() * 0.16;
		this.acceptanceRate = Math.round((0.9 + random.nextDouble() * 0.1) * 100) / 100.0;
	}

	boolean isTemplate() {
		return orgId == null;
	}

	synchronized String status() {
		return status;
	}

	synchronized boolean settled() {
		return status.equals("canceled") || status.equals("completed") || status.equals("archived") || isTemplate();
	}

	/** Brings progress up to {@code now}; completes the project when every task is done. */
	synchronized ProjectChange update(Instant now, AnnotationTiming timing) {
		if (!status.equals("active")) {
			lastUpdate = now;
			return ProjectChange.NONE;
		}
		if (lastUpdate != null && now.isAfter(lastUpdate)) {
			activeTime = activeTime.plus(Duration.between(lastUpdate, now));
		}
		lastUpdate = now;
		int before = completed;
		Duration working = activeTime.minus(timing.taskCreationDelay());
		if (working.isNegative()) {
			return ProjectChange.NONE;
		}
		if (total == 0) {
			total = Math.max(1, itemCount);
			tasksCreatedAt = now.minus(working);
		}
		completed = completedAfter(working, timing.annotationDuration());
		if (completed < total) {
			return new ProjectChange(before, completed, null);
		}
		return new ProjectChange(before, completed, moveTo("completed", now));
	}

	private int completedAfter(Duration working, Duration annotation) {
		double fraction = annotation.isZero() ? 1.0 : (double) working.toNanos() / annotation.toNanos();
		if (fraction >= 1.0) {
			return total;
		}
		return (int) Math.min(total, Math.max(completed, Math.floor(total * fraction * pace)));
	}

	/** Applies approve, pause, resume or cancel per the contract's transition table. */
	synchronized ProjectChange transition(String action, Instant now, AnnotationTiming timing) {
		if (isTemplate()) {
			throw ApiException.badRequest("Cannot " + action + " template project " + uid + ".");
		}
		ProjectChange progress = update(now, timing);
		String target = switch (action) {
			case "approve" -> status.equals("pending-approval") ? "active" : null;
			case "pause" -> status.equals("active") ? "paused" : null;
			case "resume" -> status.equals("paused") ? "active" : null;
			case "cancel" -> CANCELLABLE.contains(status) ? "canceled" : null;
			default -> throw new IllegalArgumentException(action);
		};
		if (target == null) {
			throw ApiException.badRequest("Cannot " + action + " project in status " + status + ".");
		}
		lastUpdate = now;
		return new ProjectChange(progress.fromCompleted(), progress.toCompleted(), moveTo(target, now));
	}

	/** Finishes every task at once (test control); a no-op for settled projects. */
	synchronized ProjectChange completeNow(Instant now) {
		if (settled()) {
			return ProjectChange.NONE;
		}
		int before = completed;
		if (total == 0) {
			total = Math.max(1, itemCount);
			tasksCreatedAt = now;
		}
		completed = total;
		return new ProjectChange(before, completed, moveTo("completed", now));
	}

	/**
	 * Archives the project (test control: the contract names the status but no route to it; in Avala a person
	 * does it in the web app). Archived from any state; a no-op when already archived.
	 */
	synchronized ProjectChange archiveNow(Instant now) {
		if (isTemplate() || status.equals("archived")) {
			return ProjectChange.NONE;
		}
		return new ProjectChange(completed, completed, moveTo("archived", now));
	}

	private Map<String, Object> moveTo(String target, Instant now) {
		status = target;
		updatedAt = now;
		return json();
	}

	synchronized Map<String, Object> json() {
		return Json.obj("uid", uid, "name", name, "status", status, "task_type", taskType, "source_project_uid",
				sourceUid, "datasets", datasetUids, "created_at", Json.time(createdAt), "updated_at",
				Json.time(updatedAt));
	}

	/** From now on the metrics answer what they say now, as a lagging metrics cache would (test control). */
	synchronized void freezeMetrics(Instant now) {
		staleMetrics = null;
		staleMetrics = metrics(now);
	}

	synchronized Map<String, Object> metrics(Instant now) {
		if (staleMetrics != null) {
			return staleMetrics;
		}
		int inProgress = inProgress();
		return Json.obj("project_uid", uid, "total_tasks", total, "completed_tasks", completed, "in_progress_tasks",
				inProgress, "pending_tasks", total - completed - inProgress, "acceptance_rate",
				(completed > 0) ? acceptanceRate : 0.0, "updated_at", Json.time(now));
	}

	/** Tasks being worked on: the next few after the completed ones, while active. */
	private int inProgress() {
		if (!status.equals("active") || total == 0) {
			return 0;
		}
		return Math.min(total - completed, Math.max(1, (int) Math.ceil(total * 0.05)));
	}

	/** Total and completed tasks, for export counts. */
	synchronized int[] taskCounts() {
		return new int[] { total, completed };
	}

	/** A consistent snapshot for the work-batch listing. */
	synchronized WorkBatches.Snapshot batches(Instant now) {
		return new WorkBatches.Snapshot(uid, total, completed, inProgress(), tasksCreatedAt, now);
	}

}
