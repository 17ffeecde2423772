package ai.avala.pipeline.upload;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How many files may be in flight, adapted to what the network and the server take: it grows while
 * throughput grows and halves when the server pushes back (429, 503, timeouts, dropped connections). Also
 * bounds the bytes in flight, and keeps large files to half of the slots so that they cannot starve the
 * small ones.
 */
final class AdaptiveLimit {

	/** Files at least this large share at most half of the slots. */
	static final long LARGE_FILE = 32L * 1024 * 1024;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition released = this.lock.newCondition();

	private final int min;

	private final int max;

	private final long maxBytes;

	private final LongSupplier nanoClock;

	private int limit;

	private int inFlight;

	private int largeInFlight;

	private long bytesInFlight;

	private long windowStart;

	private long windowBytes;

	private int windowFiles;

	private double bestRate;

	private int bestLimit;

	private boolean pushedBack;

	/** Whether a file had to wait for a slot during this window: only then can a higher limit pay. */
	private boolean saturated;

	private long windowLatency;

	private int windowTimed;

	/** The lowest mean per-file latency of a window so far (ns): the latency without queueing. */
	private double minLatency = Double.MAX_VALUE;

	AdaptiveLimit(int initial, int max, long maxBytes, LongSupplier nanoClock) {
		this.min = 1;
		this.max = Math.max(initial, max);
		this.limit = initial;
		this.bestLimit = initial;
		this.maxBytes = maxBytes;
		this.nanoClock = nanoClock;
		this.windowStart = nanoClock.getAsLong();
	}

	/** Blocks until a file of {@code size} bytes may start: this is the back-pressure on the reader. */
	void acquire(long size) throws InterruptedException {
		this.lock.lock();
		try {
			while (!fits(size)) {
				this.saturated = true;
				this.released.await(100, TimeUnit.MILLISECONDS);
			}
			this.inFlight++;
			this.bytesInFlight += size;
			if (size >= LARGE_FILE) {
				this.largeInFlight++;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean fits(long size) {
		if (this.inFlight >= this.limit) {
			return false;
		}
		if (size >= LARGE_FILE && this.largeInFlight >= Math.max(1, this.limit / 2)) {
			return false;
		}
		// A file larger than the whole budget may still go, alone.
		return this.bytesInFlight == 0 || this.bytesInFlight + size <= this.maxBytes;
	}

	/** A file finished; {@code pushback} when the server throttled, failed with 5xx or timed out on it. */
	void release(long size, boolean pushback) {
		release(size, pushback, -1);
	}

	/** The same, with the file's latency (slot taken to slot freed, ns; negative if unknown). */
	void release(long size, boolean pushback, long latencyNanos) {
		this.lock.lock();
		try {
			this.inFlight--;
			this.bytesInFlight -= size;
			if (size >= LARGE_FILE) {
				this.largeInFlight--;
			}
			this.windowFiles++;
			this.windowBytes += size;
			this.pushedBack |= pushback;
			if (latencyNanos >= 0) {
				this.windowLatency += latencyNanos;
				this.windowTimed++;
			}
			if (this.windowFiles >= 2 * this.limit) {
				adapt();
			}
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Hill climbing on measured throughput: grow while a window beats the best seen by 10 %, go back to the
	 * best limit when growing did not pay, halve on push-back. The best decays a little each window, so the
	 * limit probes upward again when conditions change. Without the step back, noise alone would ratchet
	 * the limit up to its maximum, and on a small machine more streams only cost CPU.
	 */
	private void adapt() {
		long now = this.nanoClock.getAsLong();
		double seconds = Math.max(1e-6, (now - this.windowStart) / 1e9);
		double rate = (this.windowBytes + 64 * 1024.0 * this.windowFiles) / seconds;
		double latency = (this.windowTimed > 0) ? (double) this.windowLatency / this.windowTimed : Double.NaN;
		boolean queueing = true;
		if (!Double.isNaN(latency)) {
			// Slowly forgotten, so that a store that got slower for good does not look congested forever.
			this.minLatency = Math.min(this.minLatency * 1.01, latency);
			queueing = latency > this.minLatency * 1.25;
		}
		if (this.pushedBack) {
			this.limit = Math.max(this.min, this.limit / 2);
			this.bestRate = 0;
			this.bestLimit = this.limit;
		}
		else if (this.saturated && !queueing && this.limit < this.max) {
			// Every slot busy, files waiting, and each file took no longer than with fewer in flight: the rate is
			// bound by the store's latency (a far store), not by a resource more files would share; climb by half.
			// Measured on a store 40 ms away (issue 14): the rate-only climb stalled at 87-154 of 256 on noise.
			this.bestRate = Math.max(this.bestRate, rate);
			this.bestLimit = this.limit;
			this.limit = Math.min(this.max, this.limit + Math.max(1, this.limit / 2));
		}
		else if (rate > this.bestRate * 1.10) {
			// A rate that grew by a quarter or more with the limit is bound by latency (a far store: each file waits
			// for its answer), so the limit climbs fast, by half; near the best it creeps, by an eighth.
			boolean latencyBound = this.bestRate > 0 && rate > this.bestRate * 1.25;
			this.bestRate = rate;
			this.bestLimit = this.limit;
			this.limit = Math.min(this.max, this.limit + Math.max(1, this.limit / (latencyBound ? 2 : 8)));
		}
		else if (this.limit > this.bestLimit) {
			this.limit = this.bestLimit;
		}
		this.bestRate *= 0.98;
		this.windowStart = now;
		this.windowBytes = 0;
		this.windowFiles = 0;
		this.pushedBack = false;
		this.saturated = false;
		this.windowLatency = 0;
		this.windowTimed = 0;
	}

	/** Threads blocked in {@link #acquire} right now (for tests and diagnostics). */
	int waiting() {
		this.lock.lock();
		try {
			return this.lock.getWaitQueueLength(this.released);
		}
		finally {
			this.lock.unlock();
		}
	}

	int limit() {
		this.lock.lock();
		try {
			return this.limit;
		}
		finally {
			this.lock.unlock();
		}
	}

}
