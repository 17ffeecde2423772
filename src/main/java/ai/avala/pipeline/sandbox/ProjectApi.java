package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Project routes: clone a template, read and list projects, lifecycle actions, metrics and work
 * batches.
 */
final class ProjectApi {

	/** The body fields that may name the dataset of a clone, most specific first. */
	private static final List<String> DATASET_FIELDS = List.of("image_dataset_uid", "video_dataset_uid",
			"lidar_dataset_uid", "mcap_dataset_uid", "splat_dataset_uid", "dataset_uid");

	private final SandboxContext context;

	ProjectApi(SandboxContext context) {
		this.context = context;
	}

	void register(List<Route> routes) {
		routes.add(new Route("POST", "/projects/create-from-existing/", "projects.write", true, this::cloneTemplate));
		routes.add(new Route("GET", "/projects/", "projects.read", false, this::listAll));
		routes.add(new Route("GET", "/users/me/projects/", "projects.read", false, this::listMine));
		routes.add(new Route("GET", "/users/me/projects/{uid}/", "projects.read", false, this::get));
		routes.add(new Route("GET", "/projects/{uid}/", "projects.read", false, this::get));
		routes.add(new Route("GET", "/projects/{uid}/metrics/", "projects.read", false, this::metrics));
		routes.add(new Route("POST", "/projects/{uid}/approve/", "projects.write", true, this::approve));
		for (String action : List.of("pause", "resume", "cancel")) {
			routes.add(new Route("POST", "/projects/{uid}/" + action + "/", "projects.write", false,
					(call) -> transition(call, action)));
		}
		routes.add(new Route("GET", "/work-batches/", "work_batches.read", false, this::workBatches));
	}

	private Reply cloneTemplate(ApiCall call) throws IOException {
		JsonNode body = call.json();
		String sourceUid = Json.requiredText(body, "source_project_uid");
		String name = Json.requiredText(body, "name");
		String datasetUid = datasetUid(body);
		Project source = call.state.projects.get(call.orgId(), sourceUid, call.now);
		Dataset dataset = call.state.datasets.get(call.orgId(), datasetUid);
		String status = dataset.status(call.now, context.config.indexingDelay());
		if (!status.equals("created")) {
			throw ApiException.badRequest("Dataset " + dataset.uid + " is not ready: status " + status + ".");
		}
		Project project = new Project(UUID.randomUUID().toString(), call.orgId(), name, source.taskType, source.uid,
				List.of(dataset.uid), dataset.files.size(), "pending-approval", call.now);
		call.state.projects.add(project);
		return Reply.json(201, project.json());
	}

	private static String datasetUid(JsonNode body) {
		for (String field : DATASET_FIELDS) {
			String value = Json.text(body, field);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		throw ApiException.field("image_dataset_uid", "This field is required.");
	}

	private Reply listAll(ApiCall call) {
		throw new ApiException(403,
				Json.obj("detail", "You do not have permission to perform this action.", "code", "permission_denied"));
	}

	private Reply listMine(ApiCall call) {
		String name = call.query.get("name");
		List<Project> matching = call.state.projects.list(call.orgId(), call.now)
			.stream()
			.filter((p) -> name == null || p.name.equals(name))
			.toList();
		return Pages.page(call, matching, Project::json);
	}

	private Reply get(ApiCall call) {
		return Reply.json(200, call.state.projects.get(call.orgId(), call.uid, call.now).json());
	}

	private Reply metrics(ApiCall call) {
		return Reply.json(200, call.state.projects.get(call.orgId(), call.uid, call.now).metrics(call.now));
	}

	private Reply approve(ApiCall call) {
		Reply reply = transition(call, "approve");
		call.state.counters.approvals.incrementAndGet();
		return reply;
	}

	private Reply transition(ApiCall call, String action) {
		Project project = call.state.projects.get(call.orgId(), call.uid, call.now);
		call.state.projects.transition(project, action, call.now);
		return Reply.json(200, project.json());
	}

	private Reply workBatches(ApiCall call) {
		String projectUid = call.query.get("project");
		if (projectUid == null || projectUid.isBlank()) {
			throw ApiException.field("project", "This query parameter is required.");
		}
		Project project = call.state.projects.get(call.orgId(), projectUid, call.now);
		return Pages.page(call, WorkBatches.of(project.batches(call.now)), (batch) -> batch);
	}

}
