package ai.avala.pipeline.lifecycle;

import java.nio.file.Path;
import java.util.List;

import ai.avala.pipeline.manifest.ManifestProblem;
import ai.avala.pipeline.manifest.ValidationReport;

/**
 * The manifest has problems; nothing was sent to the API. Carries the problems shown (up to 50) for the
 * command line to print one per line.
 */
public class ManifestInvalidException extends RuntimeException {

	private final List<String> problems;

	public ManifestInvalidException(Path manifest, ValidationReport report) {
		super("manifest " + manifest + " has " + report.problemCount() + " problem(s)"
				+ ((report.problemCount() > report.shown().size()) ? " (first " + report.shown().size() + " shown)" : "")
				+ "; fix them and run the same command again");
		this.problems = report.shown().stream().map(ManifestProblem::toString).toList();
	}

	public List<String> problems() {
		return this.problems;
	}

}
