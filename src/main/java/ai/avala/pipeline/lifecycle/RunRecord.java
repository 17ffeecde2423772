package ai.avala.pipeline.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run has recorded about itself: the definition it runs with and what it knows about the remote
 * side. Immutable; {@link RunState} keeps it in the job's execution context and makes every change durable
 * before returning, so a restart (which gets the context back) knows what the crashed attempt knew.
 *
 * @param definition the effective job definition as flattened job-file keys, frozen when the run first started
 * (see {@code FrozenDefinition}); {@code null} only before the first execution has begun
 * @param dataset the run's dataset
 * @param project the run's project, cloned from the template
 * @param export the export being waited on (forgotten again when it failed on the Avala side)
 * @param webhook the run's webhook subscription
 * @param approval the project's status when approval was settled, {@code null} before
 * @param exportFile where the export was written, {@code null} before
 * @param failedExports exports that failed on the Avala side, never waited on again
 */
public record RunRecord(Map<String, String> definition, Remote dataset, Remote project, Remote export,
		Remote webhook, String approval, String exportFile, List<String> failedExports) {

	public RunRecord {
		definition = (definition != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(definition)) : null;
		dataset = Remote.orNone(dataset);
		project = Remote.orNone(project);
		export = Remote.orNone(export);
		webhook = Remote.orNone(webhook);
		failedExports = (failedExports != null) ? List.copyOf(failedExports) : List.of();
	}

	/** What a run records before it has done anything. */
	public static final RunRecord EMPTY = new RunRecord(null, null, null, null, null, null, null, null);

	/** The remote resources a run creates, each at most once. */
	public enum Resource {

		DATASET, PROJECT, EXPORT, WEBHOOK

	}

	/**
	 * One remote resource as far as the run knows it.
	 *
	 * @param uid its UID once known, else {@code null}
	 * @param createSent when a create was last sent that may have taken effect without the run hearing so, or
	 * {@code null} if none was (or the last one was refused outright)
	 */
	public record Remote(String uid, Instant createSent) {

		public static final Remote NONE = new Remote(null, null);

		static Remote orNone(Remote remote) {
			return (remote != null) ? remote : NONE;
		}

	}

	public Remote remote(Resource resource) {
		return switch (resource) {
			case DATASET -> this.dataset;
			case PROJECT -> this.project;
			case EXPORT -> this.export;
			case WEBHOOK -> this.webhook;
		};
	}

	public RunRecord with(Resource resource, Remote remote) {
		return new RunRecord(this.definition, (resource == Resource.DATASET) ? remote : this.dataset,
				(resource == Resource.PROJECT) ? remote : this.project, (resource == Resource.EXPORT) ? remote : this.export,
				(resource == Resource.WEBHOOK) ? remote : this.webhook, this.approval, this.exportFile, this.failedExports);
	}

	public RunRecord withUid(Resource resource, String uid) {
		return with(resource, new Remote(uid, remote(resource).createSent()));
	}

	public RunRecord withCreateSent(Resource resource, Instant sent) {
		return with(resource, new Remote(remote(resource).uid(), sent));
	}

	public RunRecord withDefinition(Map<String, String> definition) {
		return new RunRecord(definition, this.dataset, this.project, this.export, this.webhook, this.approval,
				this.exportFile, this.failedExports);
	}

	public RunRecord withApproval(String status) {
		return new RunRecord(this.definition, this.dataset, this.project, this.export, this.webhook, status,
				this.exportFile, this.failedExports);
	}

	public RunRecord withExportFile(String file) {
		return new RunRecord(this.definition, this.dataset, this.project, this.export, this.webhook, this.approval,
				file, this.failedExports);
	}

	/** Forgets the failed export, so that a restart creates a new one instead of waiting on it forever. */
	public RunRecord withExportFailed(String uid) {
		List<String> failed = new ArrayList<>(this.failedExports);
		failed.add(uid);
		return new RunRecord(this.definition, this.dataset, this.project, Remote.NONE, this.webhook, this.approval,
				this.exportFile, failed);
	}

}
