package ai.avala.pipeline.webhook;

import java.util.concurrent.atomic.AtomicLong;

/** What the receiver did with the deliveries it got, for the log and for tests. */
public final class WebhookCounters {

	final AtomicLong accepted = new AtomicLong();

	final AtomicLong duplicate = new AtomicLong();

	final AtomicLong rejectedSignature = new AtomicLong();

	final AtomicLong wakes = new AtomicLong();

	public long accepted() {
		return this.accepted.get();
	}

	public long duplicate() {
		return this.duplicate.get();
	}

	public long rejectedSignature() {
		return this.rejectedSignature.get();
	}

	/** Deliveries that woke the waiting steps. */
	public long wakes() {
		return this.wakes.get();
	}

	@Override
	public String toString() {
		return "accepted " + accepted() + ", duplicate " + duplicate() + ", rejected (signature) "
				+ rejectedSignature() + ", woke the wait " + wakes() + " time(s)";
	}

}
