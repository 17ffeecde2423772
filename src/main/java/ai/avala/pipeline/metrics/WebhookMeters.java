package ai.avala.pipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** Webhook deliveries the receiver answered, by outcome ({@code avala_webhook_deliveries_total}). */
public final class WebhookMeters {

	private final Counter accepted;

	private final Counter duplicate;

	private final Counter rejectedSignature;

	private final Counter rejectedOther;

	public WebhookMeters(MeterRegistry registry) {
		this.accepted = counter(registry, "accepted");
		this.duplicate = counter(registry, "duplicate");
		this.rejectedSignature = counter(registry, "rejected-signature");
		this.rejectedOther = counter(registry, "rejected-other");
	}

	public static WebhookMeters none() {
		return new WebhookMeters(new CompositeMeterRegistry());
	}

	private static Counter counter(MeterRegistry registry, String outcome) {
		return Counter.builder("avala.webhook.deliveries")
			.description("Webhook deliveries received, by outcome: accepted, duplicate (a delivery id seen before), "
					+ "rejected-signature (401), rejected-other (busy 503, too large, wrong path or method, "
					+ "store down, timed out, refused)")
			.tag("outcome", outcome)
			.register(registry);
	}

	/** A new delivery, signature verified. */
	public void accepted() {
		this.accepted.increment();
	}

	/** A delivery id seen before: answered 204, ignored. */
	public void duplicate() {
		this.duplicate.increment();
	}

	/** No signature, or one that does not match the body: 401. */
	public void rejectedSignature() {
		this.rejectedSignature.increment();
	}

	/** Any other refusal: busy, too large, wrong path or method, store down, not sent in time, closed. */
	public void rejectedOther() {
		this.rejectedOther.increment();
	}

}
