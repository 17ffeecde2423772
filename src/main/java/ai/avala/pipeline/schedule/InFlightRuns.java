package ai.avala.pipeline.schedule;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this process has going, one per job file: a job file never runs twice at once, even when two of
 * its runs have different run dates (which the per-run lease would let through).
 */
final class InFlightRuns {

	private final Map<Path, ScheduledRun> runs = new ConcurrentHashMap<>();

	/** Claims the run's job file; false when a run of that job file is still going. */
	boolean tryClaim(ScheduledRun run) {
		return this.runs.putIfAbsent(run.schedule().jobFile(), run) == null;
	}

	void release(ScheduledRun run) {
		this.runs.remove(run.schedule().jobFile(), run);
	}

	List<ScheduledRun> current() {
		return List.copyOf(this.runs.values());
	}

}
