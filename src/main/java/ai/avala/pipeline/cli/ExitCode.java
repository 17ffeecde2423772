package ai.avala.pipeline.cli;

/**
 * The process exit codes, one per kind of outcome a caller (cron, Quartz, a person) acts on differently.
 */
public enum ExitCode {

	/** The run completed (or had completed already). */
	COMPLETED(0),
	/** The command line or the configuration is wrong. */
	USAGE(2),
	/** The input is wrong: manifest, files, job file. Nothing was sent to the API for it. */
	BAD_INPUT(3),
	/** The API refused: 401, 403 scope or plan, 404 of a configured UID. Fix the key, plan or UID. */
	REFUSED(4),
	/** A remote or unexpected failure; restartable. */
	FAILED(5),
	/** Timed out waiting; restartable. */
	TIMED_OUT(6),
	/** Stopped (SIGTERM, Ctrl-C or the stop command); restartable. */
	STOPPED(7),
	/** The run's project was canceled or archived on the Avala side; not restartable. */
	PROJECT_ENDED(8),
	/** The run is held by another live process (its lease): nothing was done. Wait for it, or stop it. */
	BUSY(9);

	private final int code;

	ExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

}
