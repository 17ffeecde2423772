package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns I/O failures on a manifest into one-line {@link ManifestException} messages that say what to do.
 */
final class ManifestFiles {

	private ManifestFiles() {
	}

	static ManifestException failure(Path manifest, IOException ex) {
		if (ex instanceof NoSuchFileException) {
			return new ManifestException("manifest " + manifest + " does not exist; check the path", ex);
		}
		if (ex instanceof AccessDeniedException) {
			return new ManifestException(
					"manifest " + manifest + " cannot be read: permission denied; check its permissions", ex);
		}
		if (ex instanceof CharacterCodingException) {
			return new ManifestException("manifest " + manifest + " is not valid UTF-8; save it as UTF-8", ex);
		}
		return new ManifestException("manifest " + manifest + " could not be read: " + ex.getMessage(), ex);
	}

}
