package ai.avala.pipeline.client;

/** A dataset as the API returns it (unknown fields ignored). */
public record Dataset(String uid, String name, String dataType, String status, Long itemCount) {

	/** {@code created} is the contract's ready word; tolerate other spellings of readiness. */
	public boolean ready() {
		return "created".equalsIgnoreCase(this.status) || "ready".equalsIgnoreCase(this.status)
				|| "active".equalsIgnoreCase(this.status);
	}

	public boolean failed() {
		return "failed".equalsIgnoreCase(this.status) || "error".equalsIgnoreCase(this.status);
	}

}
