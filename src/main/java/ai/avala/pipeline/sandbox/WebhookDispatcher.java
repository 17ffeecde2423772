package ai.avala.pipeline.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import ai.avala.pipeline.webhook.WebhookSignature;

/**
 * Delivers signed webhook POSTs. A non-2xx answer or none within 10 s is retried with exponential
 * back-off (1, 2, 4, 8 simulated seconds; 5 attempts), reusing the delivery id.
 */
final class WebhookDispatcher {

	static final int MAX_ATTEMPTS = 5;

	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client;

	private final SandboxClock clock;

	private final Webhooks webhooks;

	private final Counters counters;

	private final BooleanSupplier current;

	private final PriorityQueue<Delivery> retries = new PriorityQueue<>((a, b) -> a.dueAt().compareTo(b.dueAt()));

	/** One delivery attempt; the id stays the same across retries. */
	private record Delivery(Webhook webhook, String event, byte[] body, String id, int attempt, Instant dueAt) {
	}

	/**
	 * @param current false once the sandbox was reset, so old deliveries stop retrying
	 */
	WebhookDispatcher(HttpClient client, SandboxClock clock, Webhooks webhooks, Counters counters,
			BooleanSupplier current) {
		this.client = client;
		this.clock = clock;
		this.webhooks = webhooks;
		this.counters = counters;
		this.current = current;
	}

	void deliver(Webhook webhook, String event, byte[] body) {
		send(new Delivery(webhook, event, body, UUID.randomUUID().toString(), 1, clock.now()));
	}

	/** Sends the retries that are due; called by the scheduler. */
	void tick(Instant now) {
		List<Delivery> due = new ArrayList<>();
		synchronized (retries) {
			while (!retries.isEmpty() && !retries.peek().dueAt().isAfter(now)) {
				due.add(retries.poll());
			}
		}
		due.forEach(this::send);
	}

	private void send(Delivery delivery) {
		if (!current.getAsBoolean() || !webhooks.active(delivery.webhook().uid())) {
			return;
		}
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(URI.create(delivery.webhook().targetUrl()))
				.timeout(ANSWER_TIMEOUT)
				.header("Content-Type", "application/json")
				.header("X-Avala-Webhook-Signature", WebhookSignature.sign(delivery.body(), delivery.webhook().secret()))
				.header("X-Avala-Webhook-Event", delivery.event())
				.header("X-Avala-Webhook-Delivery", delivery.id())
				.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
				.build();
		}
		catch (IllegalArgumentException ex) {
			return; // a target URL the HTTP client refuses can never be delivered to
		}
		client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
			if (error == null && response.statusCode() / 100 == 2) {
				counters.webhookDeliveries.incrementAndGet();
			}
			else {
				retry(delivery);
			}
		});
	}

	private void retry(Delivery delivery) {
		if (delivery.attempt() >= MAX_ATTEMPTS) {
			return;
		}
		Duration backoff = Duration.ofSeconds(1L << (delivery.attempt() - 1));
		Delivery next = new Delivery(delivery.webhook(), delivery.event(), delivery.body(), delivery.id(),
				delivery.attempt() + 1, clock.now().plus(backoff));
		synchronized (retries) {
			retries.add(next);
		}
	}

}
