package ai.avala.pipeline.sandbox;

import java.util.Map;

/**
 * What one update of a project did, computed under its lock and published as webhooks after it.
 *
 * @param fromCompleted completed tasks before
 * @param toCompleted completed tasks after
 * @param project the project's JSON when its status changed, else {@code null}
 */
record ProjectChange(int fromCompleted, int toCompleted, Map<String, Object> project) {

	static final ProjectChange NONE = new ProjectChange(0, 0, null);

}
