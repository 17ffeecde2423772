package ai.avala.pipeline.upload;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import ai.avala.pipeline.metrics.CallScope;
import ai.avala.pipeline.metrics.UploadMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps files flowing to storage without a barrier per page: the step hands each file over and only blocks
 * when the adaptive limit is full (back-pressure). Outcomes are committed to the ledger in groups as storage
 * answers, and a file holds its slot until its outcome is committed, so a process killed mid-upload re-sends
 * at most the files holding a slot: never more than {@code upload.maxConcurrency}. Not final: it is a
 * step-scoped bean, proxied by subclassing.
 */
public class UploadEngine implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(UploadEngine.class);

	private final FileUploader uploader;

	private final LedgerRecorder recorder;

	private final String datasetName;

	private final AdaptiveLimit limit;

	private final ExecutorService pool;

	private final Phaser inFlight = new Phaser(1);

	private final AtomicLong done = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final long started = System.nanoTime();

	private final UploadMeters.Upload meters;

	public UploadEngine(FileUploader uploader, UploadLedger ledger, TransactionTemplate transaction,
			String datasetName, int concurrency, int maxConcurrency, long maxBytesInFlight) {
		this(uploader, ledger, transaction, datasetName, concurrency, maxConcurrency, maxBytesInFlight,
				UploadMeters.none());
	}

	/** @param meters counts each file's outcome, and reads this upload's rate and limit when scraped */
	public UploadEngine(FileUploader uploader, UploadLedger ledger, TransactionTemplate transaction,
			String datasetName, int concurrency, int maxConcurrency, long maxBytesInFlight, UploadMeters meters) {
		this.uploader = uploader;
		this.recorder = new LedgerRecorder(ledger, transaction);
		this.datasetName = datasetName;
		this.limit = new AdaptiveLimit(concurrency, maxConcurrency, maxBytesInFlight, System::nanoTime);
		// Threads block on network I/O; the limit, not the pool, bounds how many run at once.
		this.pool = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "upload");
			thread.setDaemon(true);
			return thread;
		});
		this.meters = meters.start(this.done::get, this.bytes::get, this.limit::limit);
	}

	/**
	 * Starts each file in turn, waiting while the limit is full. One call per page, not per file: the step holds
	 * this engine through its step-scope proxy, and every call through it looks the bean up in the step scope.
	 */
	public void submitAll(List<LedgerEntry> entries) throws InterruptedException {
		for (LedgerEntry entry : entries) {
			submit(entry);
		}
	}

	/** Starts one file, waiting first while the limit is full. */
	public void submit(LedgerEntry entry) throws InterruptedException {
		this.limit.acquire(entry.size());
		long start = System.nanoTime();
		this.inFlight.register();
		// Under the run's call ledger: the files' calls count in the report of the run that uploads them.
		this.pool.execute(CallScope.carry(() -> {
			UploadOutcome outcome;
			try {
				outcome = this.uploader.upload(entry, this.datasetName);
			}
			catch (RuntimeException | Error ex) {
				// Even an Error must reach the recorder: the slot and drain() wait for this file's outcome.
				outcome = new UploadOutcome(entry, false, null, null, 1, UploadOutcome.TRANSFER, ex.toString());
			}
			report(entry, outcome);
			// The file holds its slot until its outcome is committed: a crash then re-uploads at most the files
			// holding a slot. (Freeing the slot at the storage answer was faster for tiny files, but let a
			// group commit's worth of finished files be uploaded again after a kill.)
			boolean pushback = outcome.attempts() > 1;
			this.recorder.record(outcome, () -> {
				this.limit.release(entry.size(), pushback, System.nanoTime() - start);
				this.inFlight.arriveAndDeregister();
			});
		}));
	}

	/** Waits until every submitted file has its outcome recorded. */
	public void drain() {
		this.inFlight.arriveAndAwaitAdvance();
	}

	/** The Error that stopped the ledger recorder (its outcomes went unrecorded), or null. */
	public Throwable recorderFailure() {
		return this.recorder.failure();
	}

	/** One line for the end of the step: what this execution uploaded, and how fast. */
	public String summary() {
		double seconds = Math.max(1e-3, (System.nanoTime() - this.started) / 1e9);
		long count = this.done.get();
		long total = this.bytes.get();
		return String.format("%d files, %.1f MB in %.1f s (%d files/s, %.1f MB/s; %d ledger commits, limit %d)", count,
				total / 1e6, seconds, Math.round(count / seconds), total / 1e6 / seconds, this.recorder.commits(),
				this.limit.limit());
	}

	private void report(LedgerEntry entry, UploadOutcome outcome) {
		if (!outcome.confirmed()) {
			this.meters.fileFailed(entry.size());
			log.warn("Upload of {} failed: {}", entry.name(), outcome.error());
			return;
		}
		this.meters.fileUploaded(entry.size());
		// Only two atomic adds here: the progress reporter reads the counters from its own thread.
		this.done.incrementAndGet();
		this.bytes.addAndGet(entry.size());
	}

	/**
	 * Reads the files this execution has uploaded so far (storage confirmed them). The reader is bound to this
	 * engine, not to its step-scoped proxy, so the progress timer's thread can call it.
	 */
	public LongSupplier filesDone() {
		return this.done::get;
	}

	/** Reads the bytes of the files this execution has uploaded so far; callable from any thread. */
	public LongSupplier bytesDone() {
		return this.bytes::get;
	}

	/** Drains, then stops the threads: a stopped or failed step leaves nothing running behind it. */
	@Override
	public void close() {
		if (!this.pool.isShutdown()) {
			drain();
			this.meters.close();
			this.pool.shutdown();
			try {
				this.recorder.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
