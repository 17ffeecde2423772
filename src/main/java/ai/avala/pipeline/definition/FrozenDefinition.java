package ai.avala.pipeline.definition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The definition a run works with across its executions. It is frozen when the run first starts; a restart may
 * change how the run waits and uploads (the {@link #OPERATIONAL} keys, from its command line and job file), but
 * never what it creates: any other key that differs is refused. A job file deleted since is no obstacle: the frozen
 * values stand in for it.
 */
public final class FrozenDefinition {

	/**
	 * Keys a restart may change: polling, upload concurrency, and where the export file is written (local only, and
	 * a full disk is a reason to move it). Every other key shapes a remote resource the run may already have made.
	 */
	public static final Set<String> OPERATIONAL = Set.of("poll.interval", "poll.maxInterval", "poll.timeout",
			"upload.concurrency", "upload.maxConcurrency", "export.directory");

	private FrozenDefinition() {
	}

	/**
	 * The definition for a later execution of a run that started with {@code frozen}.
	 * @throws DefinitionChangedException if an identity key changed
	 */
	public static JobDefinition resume(Path jobFile, Map<String, String> frozen, Map<String, String> overrides) {
		Map<String, String> now = current(jobFile, frozen, overrides).values();
		for (Map.Entry<String, String> recorded : frozen.entrySet()) {
			String key = recorded.getKey();
			if (!OPERATIONAL.contains(key) && !Objects.equals(recorded.getValue(), now.get(key))) {
				throw new DefinitionChangedException(jobFile, key, recorded.getValue(), now.get(key));
			}
		}
		Map<String, String> merged = new LinkedHashMap<>(frozen);
		OPERATIONAL.forEach((key) -> merged.put(key, now.get(key)));
		return JobDefinitionLoader.fromValues(jobFile, merged);
	}

	private static JobDefinition current(Path jobFile, Map<String, String> frozen, Map<String, String> overrides) {
		if (Files.exists(jobFile)) {
			return JobDefinitionLoader.load(jobFile, overrides);
		}
		Map<String, String> values = new LinkedHashMap<>(frozen);
		values.putAll(overrides);
		return JobDefinitionLoader.fromValues(jobFile, values);
	}

}
