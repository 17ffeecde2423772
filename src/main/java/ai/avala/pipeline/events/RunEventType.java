package ai.avala.pipeline.events;

/**
 * The fixed vocabulary of {@code run --json}: each value is one kind of line, named on the wire by {@link #wire()}.
 * Kinds and fields are only ever added (with {@link RunEvents#VERSION} raised), never renamed or removed, so a
 * script written against one version keeps working. Every kind and field is documented in docs/operations.md.
 */
public enum RunEventType {

	/** The run's execution exists: its id, whether it resumes an earlier execution and at which step. */
	RUN_STARTED("run.started"),

	/** A step began (steps a resumed run skips because they completed before send nothing). */
	STEP_STARTED("step.started"),

	/** A step ended: its status, duration and Spring Batch's counts. */
	STEP_FINISHED("step.finished"),

	/** How far long work has come: an upload, the annotation wait, or the export download. */
	PROGRESS("progress"),

	/** Something a person may want to know that does not fail the run. */
	WARNING("warning"),

	/** The run's result: the last line of a run, whatever happened (also when it never started). */
	RUN_FINISHED("run.finished"),

	/** A backfill's summary, after the results of its dates. */
	BACKFILL_FINISHED("backfill.finished");

	private final String wire;

	RunEventType(String wire) {
		this.wire = wire;
	}

	/** The value of the line's {@code event} field. */
	public String wire() {
		return this.wire;
	}

}
