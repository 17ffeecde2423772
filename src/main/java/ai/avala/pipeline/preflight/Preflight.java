package ai.avala.pipeline.preflight;

import ai.avala.pipeline.client.AvalaClient;

/**
 * Checks a run before it has any side effect, and reports everything it found in one pass: the job file, the
 * manifest and the export folder ({@link LocalChecks}), then the key, plan, template and read scopes with reads
 * only ({@link RemoteChecks}). What only a write can tell (the write scopes) is reported as such.
 * <p>
 * Runs in the launcher, before the job: a refused preflight starts no job execution, so nothing is recorded,
 * the definition is not frozen, and fixing the job file and running the same command again is a new start,
 * not a restart refused for a changed {@code templateProjectUid}.
 */
public final class Preflight {

	private final AvalaClient api;

	/** @param api the API client, or null when no API key is configured */
	public Preflight(AvalaClient api) {
		this.api = api;
	}

	public PreflightReport check(PreflightSubject subject) {
		PreflightReport report = new PreflightReport();
		LocalChecks.run(subject, report);
		new RemoteChecks(this.api, subject, report).run();
		return report;
	}

}
