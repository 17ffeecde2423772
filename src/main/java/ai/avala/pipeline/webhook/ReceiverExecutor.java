package ai.avala.pipeline.webhook;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook receiver's threads, bounded in number, in queue and in time. The JDK server hands each connection
 * with a request to {@link #execute}; a fixed pool serves them with at most {@code maxPending} waiting. Past
 * that, one extra thread answers 503 with Retry-After at once (it reads the request line and headers, never
 * the body), so Avala retries later instead of the queue growing without bound; past its own equal queue too,
 * the connection is closed unanswered, which Avala also retries.
 * <p>
 * The read deadline: a client that sends part of a request and stalls would hold a thread forever, and the JDK's
 * own limits ({@code sun.net.httpserver.maxReqTime}) are JVM-wide and read once. So each exchange gets a timer:
 * if the request (headers and body) is not in within {@code readTimeout}, its thread is interrupted, which
 * closes the connection's channel and ends the blocked read. Once the handler has the body, the timer can no
 * longer interrupt, so recording a delivery is never cut short.
 */
final class ReceiverExecutor implements Executor {

	private static final Logger log = LoggerFactory.getLogger(ReceiverExecutor.class);

	private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

	private final ThreadPoolExecutor workers;

	private final ThreadPoolExecutor busy;

	private final ScheduledExecutorService timer;

	private final Duration readTimeout;

	private final WebhookCounters counters;

	ReceiverExecutor(int threads, int maxPending, Duration readTimeout, WebhookCounters counters) {
		this.readTimeout = readTimeout;
		this.counters = counters;
		this.busy = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxPending),
				daemonThreads("avala-webhook-busy-"), this::refuse);
		this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(maxPending), daemonThreads("avala-webhook-"), this::overflow);
		this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("avala-webhook-deadline-"));
	}

	@Override
	public void execute(Runnable exchange) {
		this.workers.execute(new Guarded(exchange, false));
	}

	/** Whether the current exchange arrived over the bound and must be answered 503 without reading its body. */
	static boolean overloaded() {
		Deadline deadline = CURRENT.get();
		return deadline != null && deadline.overloaded;
	}

	/**
	 * Ends the current exchange's read deadline: the request is in. False if the deadline passed first (the
	 * connection is then closed, and nothing can be answered).
	 */
	static boolean requestRead() {
		Deadline deadline = CURRENT.get();
		return deadline == null || deadline.read();
	}

	void shutdownNow() {
		this.workers.shutdownNow();
		this.busy.shutdownNow();
		this.timer.shutdownNow();
	}

	private void overflow(Runnable rejected, ThreadPoolExecutor pool) {
		if (pool.isShutdown()) {
			throw new RejectedExecutionException("the webhook receiver is stopping");
		}
		this.busy.execute(new Guarded(((Guarded) rejected).exchange, true));
	}

	private void refuse(Runnable rejected, ThreadPoolExecutor pool) {
		// The JDK server closes the connection when its executor refuses: Avala retries an unanswered delivery.
		long refused = this.counters.countRefused();
		if (refused == 1) {
			log.warn("Webhook receiver overloaded: closing connections without an answer (Avala retries them); "
					+ "raise avala.webhook.max-pending if this is normal traffic");
		}
		throw new RejectedExecutionException("webhook receiver overloaded");
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One exchange under its read deadline. */
	private final class Guarded implements Runnable {

		private final Runnable exchange;

		private final boolean overloaded;

		Guarded(Runnable exchange, boolean overloaded) {
			this.exchange = exchange;
			this.overloaded = overloaded;
		}

		@Override
		public void run() {
			Deadline deadline = new Deadline(Thread.currentThread(), this.overloaded);
			CURRENT.set(deadline);
			ScheduledFuture<?> expiry = ReceiverExecutor.this.timer.schedule(deadline::expire,
					ReceiverExecutor.this.readTimeout.toMillis(), TimeUnit.MILLISECONDS);
			try {
				this.exchange.run();
			}
			finally {
				expiry.cancel(false);
				deadline.read();
				CURRENT.remove();
				// An expiry interrupted this exchange, not the pooled thread's next one.
				Thread.interrupted();
			}
		}

	}

	/** Whether an exchange's request is still being read, and the thread to interrupt when time is up. */
	private final class Deadline {

		private final Thread thread;

		private final boolean overloaded;

		private boolean reading = true;

		Deadline(Thread thread, boolean overloaded) {
			this.thread = thread;
			this.overloaded = overloaded;
		}

		synchronized boolean read() {
			boolean inTime = this.reading;
			this.reading = false;
			return inTime;
		}

		synchronized void expire() {
			if (this.reading) {
				this.reading = false;
				ReceiverExecutor.this.counters.countTimedOut();
				log.warn("A webhook request was not received within {} (avala.webhook.read-timeout); closing its "
						+ "connection", ReceiverExecutor.this.readTimeout);
				this.thread.interrupt();
			}
		}

	}

}
