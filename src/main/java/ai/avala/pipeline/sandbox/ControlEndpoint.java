package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

/**
 * The test-control surface under {@code /__sandbox/}, for standalone use from scripts: the same
 * powers the Java API gives embedded tests.
 */
final class ControlEndpoint {

	static final String PREFIX = "/__sandbox/";

	private final AvalaSandbox sandbox;

	ControlEndpoint(AvalaSandbox sandbox) {
		this.sandbox = sandbox;
	}

	int serve(HttpExchange exchange) throws IOException {
		Reply reply;
		try {
			reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath().substring(PREFIX.length()),
					exchange);
		}
		catch (ApiException ex) {
			reply = ex.toReply();
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			reply = Reply.json(400, Json.obj("detail", ex.getMessage()));
		}
		reply.send(exchange);
		return reply.status();
	}

	private Reply route(String method, String path, HttpExchange exchange) throws IOException {
		String[] parts = path.split("/");
		String call = method + " " + parts[0];
		switch (call) {
			case "POST reset":
				sandbox.reset();
				return Reply.empty(204);
			case "GET state":
				return Reply.json(200, state());
			case "GET requests":
				return Reply.json(200, sandbox.requests().stream().map(ControlEndpoint::request).toList());
			case "POST faults":
				return setFault(body(exchange));
			case "DELETE faults":
				sandbox.faults().clear();
				return Reply.empty(204);
			case "POST keys":
				return createKey(body(exchange));
			case "POST clock":
				return clock(body(exchange));
			case "POST exports":
				return onResource(parts, "fail", () -> sandbox.failExport(parts[1]));
			case "POST projects":
				return projectControl(parts);
			default:
				throw ApiException.notFound();
		}
	}

	private Reply projectControl(String[] parts) {
		String action = (parts.length == 3) ? parts[2] : "";
		return switch (action) {
			case "archive" -> onResource(parts, action, () -> sandbox.archiveProject(parts[1]));
			case "stale-metrics" -> onResource(parts, action, () -> sandbox.freezeMetrics(parts[1]));
			default -> onResource(parts, "complete", () -> sandbox.completeProject(parts[1]));
		};
	}

	private static Reply onResource(String[] parts, String action, Runnable effect) {
		if (parts.length != 3 || !parts[2].equals(action)) {
			throw ApiException.notFound();
		}
		effect.run();
		return Reply.empty(204);
	}

	private Map<String, Object> state() {
		Map<String, Object> datasets = new LinkedHashMap<>();
		for (Dataset dataset : sandbox.context().state().datasets.all()) {
			Map<String, Object> files = new LinkedHashMap<>();
			dataset.files.stored()
				.forEach((name, file) -> files.put(name,
						Json.obj("size", file.size(), "md5", file.md5Hex(), "put_count", file.putCount())));
			datasets.put(dataset.uid, Json.obj("name", dataset.name, "status",
					dataset.status(sandbox.clock().now(), sandbox.context().config.indexingDelay()), "files", files));
		}
		return Json.obj("stats", stats(sandbox.stats()), "pending_effects", sandbox.pendingEffects(), "datasets", datasets,
				"clock",
				Json.obj("now", Json.time(sandbox.clock().now()), "speed", sandbox.clock().speed()));
	}

	private static Map<String, Object> stats(SandboxStats stats) {
		return Json.obj("datasets", stats.datasets(), "projects", stats.projects(), "approvals", stats.approvals(),
				"exports", stats.exports(), "webhooks_registered", stats.webhooksRegistered(), "webhook_deliveries",
				stats.webhookDeliveries(), "file_puts", stats.filePuts(), "api_requests", stats.apiRequests(),
				"throttled", stats.throttled());
	}

	private static Map<String, Object> request(RecordedRequest request) {
		return Json.obj("method", request.method(), "path", request.path(), "query", request.query(), "status",
				request.status(), "api_key_present", request.apiKeyPresent(), "api_key_value", request.apiKeyValue());
	}

	private Reply setFault(JsonNode body) {
		String route = Json.requiredText(body, "route");
		List<Integer> statuses = body.path("error_statuses").values().stream().map(JsonNode::asInt).toList();
		FaultRule rule = FaultRule.none()
			.withErrorRate(body.path("error_rate").asDouble(0))
			.withErrorStatuses(statuses)
			.withLatency(Duration.ofMillis(body.path("latency_ms").asLong(0)))
			.withDropRate(body.path("drop_rate").asDouble(0))
			.withThrottleRate(body.path("throttle_rate").asDouble(0))
			.withFailFirst(body.path("fail_first").asInt(0))
			.withFailAfterEffect(body.path("fail_after_effect").asBoolean(false))
			.withEffectDelay(Duration.ofMillis(body.path("effect_delay_ms").asLong(0)));
		sandbox.faults().set(route, rule);
		return Reply.empty(204);
	}

	private Reply createKey(JsonNode body) {
		Set<String> scopes = new TreeSet<>(Json.texts(body, "scopes"));
		String plan = (Json.text(body, "plan") != null) ? Json.text(body, "plan") : "PRO";
		String key = sandbox.createKey(scopes, plan, body.path("expired").asBoolean(false));
		return Reply.json(201, Json.obj("api_key", key));
	}

	private Reply clock(JsonNode body) {
		if (body.has("speed")) {
			sandbox.clock().setSpeed(body.get("speed").asDouble());
		}
		if (body.has("advance_seconds")) {
			sandbox.clock().advance(Duration.ofMillis((long) (body.get("advance_seconds").asDouble() * 1000)));
		}
		return Reply.json(200, Json.obj("now", Json.time(sandbox.clock().now()), "speed", sandbox.clock().speed()));
	}

	private static JsonNode body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			return Json.read(in);
		}
	}

}
