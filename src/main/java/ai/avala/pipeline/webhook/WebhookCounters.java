package ai.avala.pipeline.webhook;

import java.util.concurrent.atomic.AtomicLong;

import ai.avala.pipeline.metrics.WebhookMeters;

/**
 * What the receiver did with the deliveries it got, for the log, for tests and, through {@link WebhookMeters}, for
 * the meters: every outcome is counted here, once, where the receiver decides it.
 */
public final class WebhookCounters {

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong duplicate = new AtomicLong();

	private final AtomicLong rejectedSignature = new AtomicLong();

	private final AtomicLong rejectedOther = new AtomicLong();

	private final AtomicLong wakes = new AtomicLong();

	private final AtomicLong busy = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong timedOut = new AtomicLong();

	private final WebhookMeters meters;

	WebhookCounters(WebhookMeters meters) {
		this.meters = meters;
	}

	void countAccepted() {
		this.accepted.incrementAndGet();
		this.meters.accepted();
	}

	void countDuplicate() {
		this.duplicate.incrementAndGet();
		this.meters.duplicate();
	}

	void countRejectedSignature() {
		this.rejectedSignature.incrementAndGet();
		this.meters.rejectedSignature();
	}

	/** Too large, wrong path or method, or the delivery store down (answered 503). */
	void countRejectedOther() {
		this.rejectedOther.incrementAndGet();
		this.meters.rejectedOther();
	}

	void countWake() {
		this.wakes.incrementAndGet();
	}

	/** @return how many so far, this one included */
	long countBusy() {
		this.meters.rejectedOther();
		return this.busy.incrementAndGet();
	}

	/** @return how many so far, this one included */
	long countRefused() {
		this.meters.rejectedOther();
		return this.refused.incrementAndGet();
	}

	void countTimedOut() {
		this.meters.rejectedOther();
		this.timedOut.incrementAndGet();
	}

	public long accepted() {
		return this.accepted.get();
	}

	public long duplicate() {
		return this.duplicate.get();
	}

	public long rejectedSignature() {
		return this.rejectedSignature.get();
	}

	/** Refused for another reason than the signature (busy, refused and timed out are counted apart). */
	public long rejectedOther() {
		return this.rejectedOther.get();
	}

	/** Deliveries that woke the waiting steps. */
	public long wakes() {
		return this.wakes.get();
	}

	/** Answered 503 because the receiver's queue was full. */
	public long busy() {
		return this.busy.get();
	}

	/** Closed unanswered: even the queue for 503 answers was full. */
	public long refused() {
		return this.refused.get();
	}

	/** Closed because the request was not in within the read timeout. */
	public long timedOut() {
		return this.timedOut.get();
	}

	@Override
	public String toString() {
		return "accepted " + accepted() + ", duplicate " + duplicate() + ", rejected (signature) "
				+ rejectedSignature() + ", rejected (other) " + rejectedOther() + ", woke the wait " + wakes()
				+ " time(s), busy (503) " + busy() + ", refused (closed) " + refused() + ", timed out " + timedOut();
	}

}
