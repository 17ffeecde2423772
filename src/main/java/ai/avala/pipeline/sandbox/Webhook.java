package ai.avala.pipeline.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered webhook. The secret is returned only by the create answer.
 */
record Webhook(String uid, String orgId, String targetUrl, List<String> events, String secret, Instant createdAt) {

	Map<String, Object> json(boolean withSecret) {
		Map<String, Object> json = Json.obj("uid", uid, "target_url", targetUrl, "events", events, "is_active", true);
		if (withSecret) {
			json.put("secret", secret);
		}
		json.put("created_at", Json.time(createdAt));
		return json;
	}

}
