package ai.avala.pipeline.webhook;

import java.util.concurrent.atomic.AtomicLong;

/** What the receiver did with the deliveries it got, for the log and for tests. */
public final class WebhookCounters {

	final AtomicLong accepted = new AtomicLong();

	final AtomicLong duplicate = new AtomicLong();

	final AtomicLong rejectedSignature = new AtomicLong();

	final AtomicLong wakes = new AtomicLong();

	/** Answered 503 because the receiver's queue was full. */
	final AtomicLong busy = new AtomicLong();

	/** Closed unanswered: even the queue for 503 answers was full. */
	final AtomicLong refused = new AtomicLong();

	/** Closed because the request was not in within the read timeout. */
	final AtomicLong timedOut = new AtomicLong();

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

	public long busy() {
		return this.busy.get();
	}

	public long refused() {
		return this.refused.get();
	}

	public long timedOut() {
		return this.timedOut.get();
	}

	@Override
	public String toString() {
		return "accepted " + accepted() + ", duplicate " + duplicate() + ", rejected (signature) "
				+ rejectedSignature() + ", woke the wait " + wakes() + " time(s), busy (503) " + busy()
				+ ", refused (closed) " + refused() + ", timed out " + timedOut();
	}

}
