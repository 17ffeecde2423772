package ai.avala.pipeline.manifest;

import java.nio.charset.StandardCharsets;

/**
 * The rules for a file's name in a dataset (contract §3a): a relative POSIX path with no leading
 * {@code /}, no {@code ..} segment, no empty segment, no backslash, no control character, and at most
 * 1024 bytes in UTF-8. Shared by the manifest validator, the upload job and the sandbox so that all three
 * accept exactly the same names. Uniqueness is a property of a whole request and is checked elsewhere.
 */
public final class ManifestNames {

	/** The longest name the service accepts, in UTF-8 bytes. */
	public static final int MAX_BYTES = 1024;

	private ManifestNames() {
	}

	/**
	 * Check a name against the rules.
	 * @param name the name to check (may be null)
	 * @return null if the name is valid, else a message that reads well after the word "name", e.g.
	 * {@code "has a '..' segment"}
	 */
	public static String problem(String name) {
		if (name == null || name.isEmpty()) {
			return "is empty; give every file a relative path such as 'images/0001.jpg'";
		}
		int bytes = name.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_BYTES) {
			return "is " + bytes + " bytes long in UTF-8; the limit is " + MAX_BYTES;
		}
		String characterProblem = characterProblem(name);
		if (characterProblem != null) {
			return characterProblem;
		}
		if (name.startsWith("/")) {
			return "starts with '/'; names are relative paths, remove the leading '/'";
		}
		return segmentProblem(name);
	}

	private static String characterProblem(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '\\') {
				return "contains a backslash; use '/' between folders";
			}
			if (Character.isISOControl(c)) {
				return "contains the control character U+" + String.format("%04X", (int) c);
			}
		}
		return null;
	}

	private static String segmentProblem(String name) {
		for (String segment : name.split("/", -1)) {
			if (segment.isEmpty()) {
				return "has an empty segment ('//' or a trailing '/')";
			}
			if (segment.equals("..")) {
				return "has a '..' segment; names cannot point outside the dataset";
			}
		}
		return null;
	}

}
