package ai.avala.pipeline.client;

/**
 * The state transitions a person may apply to a run's project (contract §5): pause {@code active → paused},
 * resume {@code paused → active}, cancel {@code pending-approval|active|paused → canceled}.
 */
public enum ProjectAction {

	PAUSE("pause", "paused"), RESUME("resume", "active"), CANCEL("cancel", "canceled");

	private final String path;

	private final String target;

	ProjectAction(String path, String target) {
		this.path = path;
		this.target = target;
	}

	/** The route's last segment, also the command's name. */
	public String path() {
		return this.path;
	}

	/** The status the project has after the transition. */
	public String target() {
		return this.target;
	}

	/** Whether {@code status} is already where this action leads ({@code cancelled} counts as canceled). */
	public boolean reached(String status) {
		return this.target.equalsIgnoreCase(status) || (this == CANCEL && "cancelled".equalsIgnoreCase(status));
	}

}
