package ai.avala.pipeline.definition;

/**
 * The job file (or a job parameter overriding it) is invalid. The message names the file and the key.
 */
public class JobDefinitionException extends RuntimeException {

	public JobDefinitionException(String message) {
		super(message);
	}

}
