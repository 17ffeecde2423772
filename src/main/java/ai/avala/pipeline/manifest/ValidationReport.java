package ai.avala.pipeline.manifest;

import java.util.List;

/**
 * What {@link ManifestValidator} found after reading every entry of a manifest.
 *
 * @param entries how many entries the manifest lists
 * @param totalBytes the sum of the declared sizes that are not negative
 * @param problemCount how many problems were found in all
 * @param shown the first problems found, in manifest order, at most as many as the validator reports
 */
public record ValidationReport(long entries, long totalBytes, long problemCount, List<ManifestProblem> shown) {

	public ValidationReport {
		shown = List.copyOf(shown);
	}

	/** Whether the manifest can be uploaded as is. */
	public boolean ok() {
		return this.problemCount == 0;
	}

}
