package ai.avala.pipeline.manifest;

import java.nio.file.Path;

/**
 * One thing wrong with one manifest entry, found by {@link ManifestValidator}.
 *
 * @param manifest the manifest file or directory
 * @param line the entry's line (0 for a problem with the manifest as a whole)
 * @param field what is wrong: {@code path}, {@code size}, {@code sha256}, {@code md5}, {@code name} or
 * {@code manifest}
 * @param name the entry's name in the dataset, or null when it has none
 * @param message what is wrong with the field, phrased to follow the field's name
 */
public record ManifestProblem(Path manifest, long line, String field, String name, String message) {

	/**
	 * One line: {@code <manifest>:<line>: <field> <message> (name: <name>)}, with control characters
	 * escaped so that a name holding a line break cannot split it.
	 */
	@Override
	public String toString() {
		String shownName = (this.name != null) ? this.name : "<none>";
		return OneLine.of(this.manifest + ":" + this.line + ": " + this.field + " " + this.message + " (name: "
				+ shownName + ")");
	}

}
