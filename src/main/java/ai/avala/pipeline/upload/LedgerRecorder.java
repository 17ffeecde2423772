package ai.avala.pipeline.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits upload outcomes to the ledger in groups: one thread takes whatever outcomes have arrived and writes
 * them in one transaction, so thousands of small files per second cost a few commits, not thousands. The
 * queue is bounded: if the database falls behind, uploads wait for it rather than piling up outcomes that a
 * crash would lose (and re-upload). Every queued outcome's {@code committed} callback runs exactly once,
 * whatever happens to the commit: it frees the file's slot, and {@link UploadEngine#drain()} waits for it. An
 * {@link Error} in this thread therefore does not end it: it stops recording (the outcomes stay PENDING, so
 * the step fails and a restart uploads those files) and keeps releasing.
 */
final class LedgerRecorder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LedgerRecorder.class);

	private static final int MAX_GROUP = 512;

	private final UploadLedger ledger;

	private final TransactionTemplate transaction;

	private static final int MAX_WAITING = 4 * MAX_GROUP;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_WAITING);

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * How long a group waits for more outcomes after its first. Measured against a store 40 ms away (issue
	 * 14): committing whatever had arrived made 5,400 commits for 20,000 files, and each commit (a chunk
	 * written by H2) cost more than the rows in it; the ledger thread used more CPU than the uploads. A few
	 * milliseconds more per file are nothing next to a transfer's round trip, and the adaptive limit grows to
	 * cover them (a file holds its slot until committed).
	 */
	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

	/** Transactions committed so far (read by the step's summary line). */
	private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

	/** The Error that stopped recording, or null. */
	private volatile Throwable broken;

	LedgerRecorder(UploadLedger ledger, TransactionTemplate transaction) {
		this.ledger = ledger;
		this.transaction = transaction;
		this.thread = new Thread(this::run, "upload-ledger");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Queues an outcome, waiting while the queue is full; {@code committed} runs once it is durable. */
	void record(UploadOutcome outcome, Runnable committed) {
		try {
			this.queue.put(new Pending(outcome, committed));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			committed.run();
		}
	}

	private void run() {
		List<Pending> group = new ArrayList<>(MAX_GROUP);
		while (!this.closed || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(50, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				group.add(first);
				gather(group);
				if (this.broken == null) {
					commit(group);
				}
			}
			catch (InterruptedException ex) {
				// Nothing of ours interrupts this thread; leaving would strand the queued callbacks. close() ends it.
				continue;
			}
			catch (Error error) {
				this.broken = error;
				log.error("The upload ledger recorder failed; no further outcome of this execution is recorded "
						+ "(those files stay pending and the step will fail; a restart uploads them)", error);
			}
			finally {
				group.forEach((pending) -> pending.committed().run());
				group.clear();
			}
		}
	}

	/** Adds what arrives within the linger to the group; an interrupt just ends the wait (the group is committed). */
	private void gather(List<Pending> group) {
		long deadline = System.nanoTime() + LINGER_NANOS;
		while (true) {
			this.queue.drainTo(group, MAX_GROUP - group.size());
			long left = deadline - System.nanoTime();
			if (group.size() >= MAX_GROUP || left <= 0 || this.closed) {
				return;
			}
			Pending next;
			try {
				next = this.queue.poll(left, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (next == null) {
				return;
			}
			group.add(next);
		}
	}

	long commits() {
		return this.commits.get();
	}

	/** The Error that stopped recording, or null if every commit was at least attempted. */
	Throwable failure() {
		return this.broken;
	}

	private void commit(List<Pending> group) {
		List<UploadOutcome> outcomes = group.stream().map(Pending::outcome).toList();
		try {
			this.transaction.executeWithoutResult((status) -> this.ledger.record(outcomes));
			this.commits.incrementAndGet();
		}
		catch (RuntimeException ex) {
			// Not recorded means not confirmed: a restart uploads these files again. Say so, and go on.
			log.warn("Could not record {} upload outcome(s) in the ledger (they will be uploaded again on restart): {}",
					outcomes.size(), ex.toString());
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.closed = true;
		this.thread.join();
	}

	private record Pending(UploadOutcome outcome, Runnable committed) {
	}

}
