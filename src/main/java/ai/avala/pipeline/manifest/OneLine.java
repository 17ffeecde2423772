package ai.avala.pipeline.manifest;

/**
 * Escapes control characters, so that a message quoting a name or value from a manifest stays on one
 * line in logs and reports even when the value holds a line break.
 */
final class OneLine {

	private OneLine() {
	}

	static String of(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && escaped == null) {
				escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
			}
			if (escaped != null) {
				escaped.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
			}
		}
		return (escaped != null) ? escaped.toString() : text;
	}

}
