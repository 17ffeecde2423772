package ai.avala.pipeline.client;

import java.util.List;

/**
 * A project as the API returns it. Status words: pending-approval, active, paused, canceled, completed, archived.
 * {@code taskType} (e.g. {@code image_annotation}) may be absent: the contract marks it as chosen, not documented.
 */
public record Project(String uid, String name, String status, List<String> datasets, String taskType) {

	public boolean pendingApproval() {
		return "pending-approval".equalsIgnoreCase(this.status) || "pending_approval".equalsIgnoreCase(this.status);
	}

	public boolean completed() {
		return "completed".equalsIgnoreCase(this.status);
	}

	/** Paused: billable work is on hold until someone resumes it. */
	public boolean paused() {
		return "paused".equalsIgnoreCase(this.status);
	}

	/** Canceled or archived: no work will ever complete. */
	public boolean ended() {
		return "canceled".equalsIgnoreCase(this.status) || "cancelled".equalsIgnoreCase(this.status)
				|| "archived".equalsIgnoreCase(this.status);
	}

}
