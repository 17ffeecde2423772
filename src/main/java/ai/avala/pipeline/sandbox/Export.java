package ai.avala.pipeline.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One export and its simulated life: {@code pending}, then {@code processing}, then
 * {@code completed} with a real zip (or {@code failed}).
 */
final class Export {

	final String uid;

	final String orgId;

	final String name;

	final String format;

	final List<String> datasets;

	final List<String> projects;

	final Instant createdAt;

	private final Instant processingAt;

	private final Instant doneAt;

	private final boolean doomed;

	private final String downloadToken;

	private String status = "pending";

	private Instant updatedAt;

	private byte[] archive;

	private ExportArchive.Counts counts;

	Export(String uid, String orgId, String name, String format, List<String> datasets, List<String> projects,
			Instant now, java.time.Duration duration, boolean doomed, String downloadToken) {
		this.uid = uid;
		this.orgId = orgId;
		this.name = name;
		this.format = format;
		this.datasets = List.copyOf(datasets);
		this.projects = List.copyOf(projects);
		this.createdAt = now;
		this.processingAt = now.plus(duration.dividedBy(10));
		this.doneAt = now.plus(duration);
		this.doomed = doomed;
		this.downloadToken = downloadToken;
		this.updatedAt = now;
	}

	synchronized boolean inProgress() {
		return status.equals("pending") || status.equals("processing");
	}

	synchronized Instant doneAt() {
		return doneAt;
	}

	synchronized byte[] archive() {
		return archive;
	}

	/**
	 * Brings the status up to {@code now}; returns the event to publish ({@code export.completed}
	 * or {@code export.failed}) when this call finished the export, else {@code null}.
	 */
	synchronized String update(Instant now, Function<Export, ExportArchive.Built> builder) {
		if (!inProgress()) {
			return null;
		}
		if (now.isBefore(processingAt)) {
			return null;
		}
		if (now.isBefore(doneAt)) {
			moveTo("processing", processingAt);
			return null;
		}
		if (doomed) {
			moveTo("failed", doneAt);
			return "export.failed";
		}
		ExportArchive.Built built = builder.apply(this);
		archive = built.zip();
		counts = built.counts();
		moveTo("completed", doneAt);
		return "export.completed";
	}

	/** Forces {@code failed} (test control); true if the status changed. */
	synchronized boolean fail(Instant now) {
		if (status.equals("failed")) {
			return false;
		}
		archive = null;
		moveTo("failed", now);
		return true;
	}

	private void moveTo(String target, Instant at) {
		if (!status.equals(target)) {
			status = target;
			updatedAt = at;
		}
	}

	synchronized Map<String, Object> json(String origin) {
		boolean done = status.equals("completed");
		return Json.obj("uid", uid, "name", name, "status", status, "format", format, "download_url",
				done ? origin + DownloadEndpoint.PREFIX + downloadToken : null, "datasets", datasets, "projects",
				projects, "total_task_count", (counts != null) ? counts.total() : null, "exported_task_count",
				(counts != null) ? counts.exported() : null, "size_bytes", done ? (long) archive.length : null,
				"created_at", Json.time(createdAt), "updated_at", Json.time(updatedAt));
	}

}
