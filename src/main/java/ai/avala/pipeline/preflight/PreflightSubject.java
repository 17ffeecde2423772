package ai.avala.pipeline.preflight;

import java.nio.file.Path;

import ai.avala.pipeline.definition.JobDefinition;

/**
 * What a preflight checks: one run of a job file.
 *
 * @param jobFile the job file named on the command line (or recorded by the run)
 * @param definition the definition the run would use, or null when the job file could not be read
 * @param definitionProblem why it could not be read (one line), or null
 * @param runDate the run date, {@code yyyy-MM-dd}
 * @param progress how far the run has come (a new run: {@link RunProgress#fresh()})
 * @param verifyChecksums whether the manifest check reads files to compare declared SHA-256s (the run's first
 * step does that anyway, so a run's preflight leaves it out; {@code check} does it)
 */
public record PreflightSubject(Path jobFile, JobDefinition definition, String definitionProblem, String runDate,
		RunProgress progress, boolean verifyChecksums) {

	public String resourceName() {
		return (this.definition != null) ? this.definition.resourceName(this.runDate) : null;
	}

}
