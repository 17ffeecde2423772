package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Webhook registration routes; any valid key may use them.
 */
final class WebhookApi {

	private static final SecureRandom RANDOM = new SecureRandom();

	void register(List<Route> routes) {
		routes.add(new Route("POST", "/webhooks/", null, false, this::create));
		routes.add(new Route("GET", "/webhooks/", null, false, this::list));
		routes.add(new Route("GET", "/webhooks/{uid}/", null, false, this::get));
		routes.add(new Route("DELETE", "/webhooks/{uid}/", null, false, this::delete));
	}

	private Reply create(ApiCall call) throws IOException {
		JsonNode body = call.json();
		String target = Json.requiredText(body, "target_url");
		if (!validUrl(target)) {
			throw ApiException.field("target_url", "Enter a valid URL.");
		}
		List<String> events = Json.texts(body, "events");
		if (events.isEmpty()) {
			throw ApiException.field("events", "This list may not be empty.");
		}
		String secret = Json.text(body, "secret");
		if (secret == null || secret.isEmpty()) {
			byte[] bytes = new byte[24];
			RANDOM.nextBytes(bytes);
			secret = "whsec_" + HexFormat.of().formatHex(bytes);
		}
		Webhook webhook = new Webhook(UUID.randomUUID().toString(), call.orgId(), target, List.copyOf(events), secret,
				call.now);
		call.state.webhooks.add(webhook);
		call.state.counters.webhooksRegistered.incrementAndGet();
		return Reply.json(201, webhook.json(true));
	}

	private static boolean validUrl(String text) {
		try {
			URI uri = URI.create(text);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private Reply list(ApiCall call) {
		return Pages.page(call, call.state.webhooks.list(call.orgId()), (webhook) -> webhook.json(false));
	}

	private Reply get(ApiCall call) {
		return Reply.json(200, call.state.webhooks.get(call.orgId(), call.uid).json(false));
	}

	private Reply delete(ApiCall call) {
		call.state.webhooks.delete(call.state.webhooks.get(call.orgId(), call.uid));
		return Reply.empty(204);
	}

}
