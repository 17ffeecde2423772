package ai.avala.pipeline.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A sleeper that can be woken early: a stop request or a webhook ends every current wait at once, so the
 * waiting step checks again (or notices the stop) without waiting out its interval. Only for waits for
 * progress: a Retry-After or back-off wait uses {@link Sleeper#unwakeable()}, because a retry sent early breaks
 * the server's rule and only earns another 429.
 */
public final class WakeableSleeper implements Sleeper {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition woken = this.lock.newCondition();

	private long generation;

	@Override
	public void sleep(Duration duration) throws InterruptedException {
		this.lock.lock();
		try {
			long start = this.generation;
			long remaining = TimeUnit.MILLISECONDS.toNanos(Math.max(0, duration.toMillis()));
			while (remaining > 0 && this.generation == start) {
				remaining = this.woken.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Ends every wait in progress. */
	public void wakeAll() {
		this.lock.lock();
		try {
			this.generation++;
			this.woken.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
