package ai.avala.pipeline.webhook;

import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.client.AvalaClient;
import tools.jackson.databind.JsonNode;

/**
 * Registers this pipeline's webhook subscription with Avala ({@code POST /webhooks/}) and finds it again
 * ({@code GET /webhooks/}) when a create's answer may have been lost. The secret sent is our configured one, so
 * the one Avala echoes back is never kept anywhere.
 */
public class WebhookSubscriber {

	/** The events a waiting run cares about: progress, the end of annotation, the end of an export. */
	public static final List<String> EVENTS = List.of("result.accepted", "export.completed", "export.failed",
			"project.status_changed");

	private final AvalaClient api;

	private final WebhookProperties properties;

	public WebhookSubscriber(AvalaClient api, WebhookProperties properties) {
		this.api = api;
		this.properties = properties;
	}

	/** Whether runs should subscribe: a public URL and a secret are configured. */
	public boolean enabled() {
		return this.properties.subscribes();
	}

	public String targetUrl() {
		return this.properties.publicUrl().toString();
	}

	/** Sends the create once; returns the subscription's uid. */
	public String create() {
		JsonNode uid = this.api.createWebhook(targetUrl(), EVENTS, this.properties.secret()).path("uid");
		if (!uid.isString()) {
			throw new IllegalStateException("Avala's answer to POST /webhooks/ has no uid");
		}
		return uid.asString();
	}

	/** Removes a run's subscription once the run no longer waits on it, so nightly runs do not pile them up. */
	public void delete(String uid) {
		this.api.deleteWebhook(uid);
	}

	/** An existing subscription for our URL and events, newest first, e.g. one whose create answer was lost. */
	public Optional<String> find() {
		for (JsonNode webhook : this.api.listWebhooks()) {
			if (targetUrl().equals(webhook.path("target_url").asString(null)) && subscribesAll(webhook)) {
				return Optional.ofNullable(webhook.path("uid").asString(null));
			}
		}
		return Optional.empty();
	}

	private static boolean subscribesAll(JsonNode webhook) {
		List<String> events = webhook.path("events").valueStream().map(JsonNode::asString).toList();
		return events.containsAll(EVENTS);
	}

}
