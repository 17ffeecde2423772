package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Export routes. Accepts the guide's body ({@code dataset_uid}), the SDK's ({@code project} or
 * {@code dataset}) and the reference's ({@code datasets}, {@code projects}, {@code slices}).
 */
final class ExportApi {

	static final String DEFAULT_FORMAT = "avala-json-external";

	private final SandboxContext context;

	ExportApi(SandboxContext context) {
		this.context = context;
	}

	void register(List<Route> routes) {
		routes.add(new Route("POST", "/exports/", "exports.create", false, this::create));
		routes.add(new Route("GET", "/exports/", "exports.create", false, this::list));
		routes.add(new Route("GET", "/exports/{uid}/", "exports.create", false, this::get));
	}

	private Reply create(ApiCall call) throws IOException {
		JsonNode body = call.json();
		String format = format(body);
		List<String> datasetUids = uids(body, "dataset_uid", "dataset", "datasets");
		List<String> projectUids = uids(body, null, "project", "projects");
		if (datasetUids.isEmpty() && projectUids.isEmpty()) {
			throw ApiException.field("dataset_uid", "Name a dataset or a project to export.");
		}
		for (String uid : datasetUids) {
			call.state.datasets.get(call.orgId(), uid);
		}
		List<String> allDatasets = new ArrayList<>(datasetUids);
		for (String uid : projectUids) {
			Project project = call.state.projects.get(call.orgId(), uid, call.now);
			project.datasetUids.stream().filter((d) -> !allDatasets.contains(d)).forEach(allDatasets::add);
		}
		String name = Json.text(body, "name");
		Export export = call.state.exports.create(call.orgId(), name, format, allDatasets, projectUids, call.now,
				context.config.exportDuration(), context.failNewExports, context.clock);
		return Reply.json(201, export.json(context.origin()));
	}

	private static String format(JsonNode body) {
		JsonNode node = body.get("format");
		if (node == null || node.isNull()) {
			return DEFAULT_FORMAT;
		}
		String format = node.isString() ? node.stringValue() : node.toString();
		if (!ExportArchive.FORMATS.contains(format)) {
			throw ApiException.field("format", "\"" + format + "\" is not a valid choice.");
		}
		return format;
	}

	/** UIDs from a single-value field (two spellings) and a list field, without duplicates. */
	private static List<String> uids(JsonNode body, String single, String singleAlias, String listField) {
		List<String> uids = new ArrayList<>();
		for (String field : new String[] { single, singleAlias }) {
			String value = (field != null) ? Json.text(body, field) : null;
			if (value != null && !value.isBlank() && !uids.contains(value)) {
				uids.add(value);
			}
		}
		for (String value : Json.texts(body, listField)) {
			if (!uids.contains(value)) {
				uids.add(value);
			}
		}
		return uids;
	}

	private Reply list(ApiCall call) {
		List<Export> exports = call.state.exports.list(call.orgId(), call.query.get("dataset"), call.now);
		return Pages.page(call, exports, (export) -> export.json(context.origin()));
	}

	private Reply get(ApiCall call) {
		return Reply.json(200, call.state.exports.get(call.orgId(), call.uid, call.now).json(context.origin()));
	}

}
