package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * The contract's rules for file names and sizes (section 3a), shared by both upload flows.
 */
final class FileNames {

	static final long MAX_SIZE = 5L << 30;

	private static final int MAX_NAME_BYTES = 1024;

	private FileNames() {
	}

	/** Why a name is not a relative POSIX path the contract accepts, or {@code null}. */
	static String problem(String name) {
		if (name.isEmpty()) {
			return "must not be empty";
		}
		if (name.startsWith("/")) {
			return "must not start with '/'";
		}
		if (name.indexOf('\\') >= 0) {
			return "must not contain backslashes";
		}
		for (String segment : name.split("/", -1)) {
			if (segment.equals("..")) {
				return "must not contain '..' segments";
			}
			if (segment.isEmpty()) {
				return "must not contain empty segments";
			}
		}
		if (name.length() > MAX_NAME_BYTES / 3 && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
			return "must be at most 1024 bytes";
		}
		return null;
	}

	/** Why a size is out of range, or {@code null}. */
	static String sizeProblem(long size) {
		if (size < 0) {
			return "must be an integer >= 0";
		}
		if (size > MAX_SIZE) {
			return "must be at most 5 GiB (" + MAX_SIZE + " bytes)";
		}
		return null;
	}

}
