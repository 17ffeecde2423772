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
		if (this.pushedBack) {
			this.limit = Math.max(this.min, this.limit / 2);
			this.bestRate = 0;
			this.bestLimit = this.limit;
		}
		else if (rate > this.bestRate * 1.10) {
			this.bestRate = rate;
			this.bestLimit = this.limit;
			this.limit = Math.min(this.max, this.limit + Math.max(1, this.limit / 8));
		}
		else if (this.limit > this.bestLimit) {
			this.limit = this.bestLimit;
		}
		this.bestRate *= 0.98;
		this.windowStart = now;
		this.windowBytes = 0;
		this.windowFiles = 0;
		this.pushedBack = false;
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
