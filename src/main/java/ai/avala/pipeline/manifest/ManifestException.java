package ai.avala.pipeline.manifest;

/**
 * A manifest that cannot be used: missing, unreadable, of an unsupported type, or with a bad header. The
 * message is one line saying what is wrong, where, and what to do about it, so it can be shown to a user
 * as is.
 */
public class ManifestException extends Exception {

	public ManifestException(String message) {
		super(message);
	}

	public ManifestException(String message, Throwable cause) {
		super(message, cause);
	}

}
