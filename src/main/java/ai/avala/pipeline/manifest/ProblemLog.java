package ai.avala.pipeline.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts every problem but keeps only the first few, so that a manifest where every line is wrong
 * still validates in bounded memory.
 */
final class ProblemLog {

	private final Path manifest;

	private final int maxShown;

	private final List<ManifestProblem> shown = new ArrayList<>();

	private long count;

	ProblemLog(Path manifest, int maxShown) {
		this.manifest = manifest;
		this.maxShown = maxShown;
	}

	void add(ManifestEntry entry, String field, String message) {
		add(entry.line(), field, entry.name(), message);
	}

	void add(long line, String field, String name, String message) {
		this.count++;
		if (this.shown.size() < this.maxShown) {
			this.shown.add(new ManifestProblem(this.manifest, line, field, name, message));
		}
	}

	long count() {
		return this.count;
	}

	List<ManifestProblem> shown() {
		return this.shown;
	}

}
