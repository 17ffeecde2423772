package ai.avala.pipeline.client;

import java.util.List;

/** An export. Final states: {@code completed} (the guide) or {@code exported} (the reference), and {@code failed}. */
public record Export(String uid, String status, String format, String downloadUrl, Long sizeBytes,
		List<String> datasets, List<String> projects, String createdAt) {

	public boolean finished() {
		return "completed".equalsIgnoreCase(this.status) || "exported".equalsIgnoreCase(this.status);
	}

	public boolean failed() {
		return "failed".equalsIgnoreCase(this.status) || "error".equalsIgnoreCase(this.status);
	}

	public boolean covers(String datasetUid, String projectUid) {
		return (this.datasets != null && this.datasets.contains(datasetUid))
				|| (this.projects != null && this.projects.contains(projectUid));
	}

}
