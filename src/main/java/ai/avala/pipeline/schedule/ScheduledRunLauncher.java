package ai.avala.pipeline.schedule;

/**
 * Runs what a schedule fired: in the application the same code as the {@code run} command; in tests a stand-in.
 */
@FunctionalInterface
public interface ScheduledRunLauncher {

	/** Starts the run, or resumes it if it failed, and returns its exit code once it has ended. */
	int launch(ScheduledRun run) throws Exception;

}
