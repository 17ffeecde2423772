package ai.avala.pipeline.schedule;

/**
 * A schedule file is invalid (exit code 2, configuration). The message is one line naming the file and the
 * field, so the scheduler refuses to start before anything fires.
 */
public class ScheduleDefinitionException extends RuntimeException {

	public ScheduleDefinitionException(String message) {
		super(message);
	}

}
