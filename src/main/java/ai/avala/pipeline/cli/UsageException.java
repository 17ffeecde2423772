package ai.avala.pipeline.cli;

/** The command line or the configuration is wrong (exit code 2). The message says what to change. */
class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}

}
