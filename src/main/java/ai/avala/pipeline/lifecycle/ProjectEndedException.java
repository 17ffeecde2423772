package ai.avala.pipeline.lifecycle;

/**
 * The run's project was canceled or archived on the Avala side (by a person, or by Avala): its annotation will
 * never complete, so waiting on it, or restarting the run, cannot help. The run must be given up (abandoned) and
 * a new one started if the work is still wanted.
 */
public class ProjectEndedException extends RuntimeException {

	private final String projectUid;

	private final String status;

	public ProjectEndedException(String projectUid, String projectName, String status, long executionId) {
		super("project " + projectUid + ((projectName != null) ? " (" + projectName + ")" : "") + " is " + status
				+ " on the Avala side, so its annotation will never complete; this run cannot finish: give it up with "
				+ "'abandon " + executionId + "' and start a new run with another runDate if the work is still wanted");
		this.projectUid = projectUid;
		this.status = status;
	}

	public String projectUid() {
		return this.projectUid;
	}

	public String status() {
		return this.status;
	}

}
