package ai.avala.pipeline.webhook;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project(s) a delivery is about. The body is the resource itself (contract §6): a result names its
 * {@code project_uid}, a project is its own {@code uid}, an export lists its {@code projects}. Unknown shapes
 * name none, which is not an error: the delivery is still a hint to look.
 */
final class DeliveryBody {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DeliveryBody() {
	}

	static List<String> projectUids(String event, byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return List.of();
		}
		List<String> uids = new ArrayList<>();
		add(uids, root.path("project_uid"));
		if (event != null && event.startsWith("project.")) {
			add(uids, root.path("uid"));
		}
		add(uids, root.path("project"));
		root.path("projects").forEach((node) -> add(uids, node));
		return uids;
	}

	private static void add(List<String> uids, JsonNode node) {
		if (node.isString() && !node.asString().isBlank() && !uids.contains(node.asString())) {
			uids.add(node.asString());
		}
	}

}
