package ai.avala.pipeline.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registered webhooks; as an {@link EventSink} it hands each event to the dispatcher once per
 * subscribed webhook.
 */
final class Webhooks implements EventSink {

	private final Map<String, Webhook> byUid = new ConcurrentHashMap<>();

	private final List<Webhook> ordered = new CopyOnWriteArrayList<>();

	private volatile WebhookDispatcher dispatcher;

	void dispatchTo(WebhookDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	void add(Webhook webhook) {
		byUid.put(webhook.uid(), webhook);
		ordered.add(webhook);
	}

	Webhook get(String orgId, String uid) {
		Webhook webhook = byUid.get(uid);
		if (webhook == null || !webhook.orgId().equals(orgId)) {
			throw ApiException.notFound();
		}
		return webhook;
	}

	boolean active(String uid) {
		return byUid.containsKey(uid);
	}

	void delete(Webhook webhook) {
		byUid.remove(webhook.uid());
		ordered.remove(webhook);
	}

	/** The organisation's webhooks, newest first. */
	List<Webhook> list(String orgId) {
		List<Webhook> result = new ArrayList<>();
		for (Webhook webhook : ordered) {
			if (webhook.orgId().equals(orgId)) {
				result.add(0, webhook);
			}
		}
		return result;
	}

	int count() {
		return ordered.size();
	}

	@Override
	public boolean wants(String orgId, String event) {
		for (Webhook webhook : ordered) {
			if (webhook.orgId().equals(orgId) && webhook.events().contains(event)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void publish(String orgId, String event, Map<String, Object> body) {
		byte[] bytes = Json.bytes(body);
		for (Webhook webhook : ordered) {
			if (webhook.orgId().equals(orgId) && webhook.events().contains(event) && dispatcher != null) {
				dispatcher.deliver(webhook, event, bytes);
			}
		}
	}

}
