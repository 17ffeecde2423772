package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every project, the seeded templates included, and the publisher of their progress as webhooks.
 */
final class Projects {

	/** Result events per event type and update: webhooks are hints, thousands per tick help nobody. */
	private static final int MAX_RESULT_EVENTS = 10;

	private final Map<String, Project> byUid = new ConcurrentHashMap<>();

	private final List<Project> ordered = new ArrayList<>();

	private final AnnotationTiming timing;

	private final EventSink events;

	Projects(AnnotationTiming timing, EventSink events) {
		this.timing = timing;
		this.events = events;
	}

	synchronized void add(Project project) {
		byUid.put(project.uid, project);
		ordered.add(project);
	}

	/** The caller's project or a template, brought up to date; else 404. */
	Project get(String orgId, String uid, Instant now) {
		Project project = byUid.get(uid);
		if (project == null || !(project.isTemplate() || project.orgId.equals(orgId))) {
			throw ApiException.notFound();
		}
		publish(project, project.update(now, timing), now);
		return project;
	}

	Project find(String uid) {
		return byUid.get(uid);
	}

	/** The organisation's own projects (not templates), newest first, up to date. */
	List<Project> list(String orgId, Instant now) {
		List<Project> result = new ArrayList<>();
		for (Project project : snapshot()) {
			if (orgId.equals(project.orgId)) {
				publish(project, project.update(now, timing), now);
				result.add(0, project);
			}
		}
		return result;
	}

	ProjectChange transition(Project project, String action, Instant now) {
		publish(project, project.update(now, timing), now);
		ProjectChange change = project.transition(action, now, timing);
		publish(project, change, now);
		return change;
	}

	void completeNow(Project project, Instant now) {
		publish(project, project.update(now, timing), now);
		publish(project, project.completeNow(now), now);
	}

	void archiveNow(Project project, Instant now) {
		publish(project, project.update(now, timing), now);
		publish(project, project.archiveNow(now), now);
	}

	/** Advances every unsettled project; called by the scheduler so webhooks fire on time. */
	void tick(Instant now) {
		for (Project project : snapshot()) {
			if (!project.settled()) {
				publish(project, project.update(now, timing), now);
			}
		}
	}

	synchronized int count() {
		return (int) ordered.stream().filter((project) -> !project.isTemplate()).count();
	}

	private synchronized List<Project> snapshot() {
		return new ArrayList<>(ordered);
	}

	private void publish(Project project, ProjectChange change, Instant now) {
		if (project.isTemplate()) {
			return;
		}
		publishResults(project, "result.submitted", change, now);
		publishResults(project, "result.accepted", change, now);
		if (change.project() != null && events.wants(project.orgId, "project.status_changed")) {
			events.publish(project.orgId, "project.status_changed", change.project());
		}
	}

	private void publishResults(Project project, String event, ProjectChange change, Instant now) {
		if (change.toCompleted() <= change.fromCompleted() || !events.wants(project.orgId, event)) {
			return;
		}
		int from = Math.max(change.fromCompleted(), change.toCompleted() - MAX_RESULT_EVENTS);
		for (int task = from; task < change.toCompleted(); task++) {
			String taskUid = uuid(project.uid + "/task/" + task);
			events.publish(project.orgId, event, Json.obj("uid", uuid(taskUid + "/result"), "task_uid", taskUid,
					"project_uid", project.uid, "status", event.equals("result.accepted") ? "accepted" : "submitted",
					"updated_at", Json.time(now)));
		}
	}

	private static String uuid(String key) {
		return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
