package ai.avala.pipeline.definition;

import java.nio.file.Path;

/**
 * A restart would change what the run creates: a key that identifies the run's remote resources (manifest, data
 * type, template, export format, upload flow) differs from the value the run started with. The message names the
 * key and both values.
 */
public class DefinitionChangedException extends JobDefinitionException {

	public DefinitionChangedException(Path jobFile, String key, String recorded, String now) {
		super(jobFile + ": " + key + " changed since this run started: recorded '" + recorded + "', now '" + now
				+ "'; restore it to resume this run, or start a new run with another runDate");
	}

}
