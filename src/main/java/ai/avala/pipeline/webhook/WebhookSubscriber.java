package ai.avala.pipeline.webhook;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.client.AvalaClient;
import tools.jackson.databind.JsonNode;

/**
 * Registers a run's webhook subscription with Avala ({@code POST /webhooks/}) and finds it again
 * ({@code GET /webhooks/}) when a create's answer may have been lost. Each run subscribes its own target URL,
 * the public URL plus {@code ?run=<name>-<runDate>} (the receiver ignores the query), so that the look-up
 * after a lost answer can only adopt this run's subscription: other runs share the public URL, and adopting
 * theirs would later delete it under them. The secret sent is our configured one, so the one Avala echoes
 * back is never kept anywhere.
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

	/** The URL this run subscribes: the public URL tagged with the run ({@code name-runDate}). */
	public String targetUrl(String run) {
		String base = this.properties.publicUrl().toString();
		return base + ((this.properties.publicUrl().getRawQuery() == null) ? "?" : "&") + "run="
				+ URLEncoder.encode(run, StandardCharsets.UTF_8);
	}

	/** Sends the create once; returns the subscription's uid. */
	public String create(String run) {
		JsonNode uid = this.api.createWebhook(targetUrl(run), EVENTS, this.properties.secret()).path("uid");
		if (!uid.isString()) {
			throw new IllegalStateException("Avala's answer to POST /webhooks/ has no uid");
		}
		return uid.asString();
	}

	/** Removes a run's subscription once the run no longer waits on it, so nightly runs do not pile them up. */
	public void delete(String uid) {
		this.api.deleteWebhook(uid);
	}

	/**
	 * This run's existing subscription (exactly its target URL, with our events), newest first, e.g. one whose
	 * create answer was lost. Never another run's, nor one for the bare public URL.
	 */
	public Optional<String> find(String run) {
		URI own = URI.create(targetUrl(run));
		for (JsonNode webhook : this.api.listWebhooks()) {
			if (sameUrl(own, webhook.path("target_url").asString(null)) && subscribesAll(webhook)) {
				return Optional.ofNullable(webhook.path("uid").asString(null));
			}
		}
		return Optional.empty();
	}

	/** URI equality: scheme and host case-insensitively, the rest (query included) exactly. */
	private static boolean sameUrl(URI own, String target) {
		try {
			return target != null && own.equals(URI.create(target));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean subscribesAll(JsonNode webhook) {
		List<String> events = webhook.path("events").valueStream().map(JsonNode::asString).toList();
		return events.containsAll(EVENTS);
	}

}
