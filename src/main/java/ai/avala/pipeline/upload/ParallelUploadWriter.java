package ai.avala.pipeline.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Uploads a chunk of files, several at once on a bounded pool. Each file's outcome is committed to the ledger
 * the moment storage answers, in its own short transaction: a process killed mid-chunk then re-uploads only
 * the files that were in flight, not the whole chunk. The chunk's own transaction carries the step's counts.
 */
public class ParallelUploadWriter implements ItemWriter<LedgerEntry>, ItemStream {

	private static final Logger log = LoggerFactory.getLogger(ParallelUploadWriter.class);

	private final FileUploader uploader;

	private final UploadLedger ledger;

	private final ExecutorService pool;

	private final String datasetName;

	public ParallelUploadWriter(FileUploader uploader, UploadLedger ledger, ExecutorService pool,
			String datasetName) {
		this.uploader = uploader;
		this.ledger = ledger;
		this.pool = pool;
		this.datasetName = datasetName;
	}

	@Override
	public void write(Chunk<? extends LedgerEntry> chunk) {
		List<CompletableFuture<UploadOutcome>> inFlight = new ArrayList<>(chunk.size());
		for (LedgerEntry entry : chunk) {
			inFlight.add(CompletableFuture.supplyAsync(() -> uploadAndRecord(entry), this.pool));
		}
		inFlight.forEach(CompletableFuture::join);
	}

	/** Runs on a pool thread, outside the chunk's transaction, so the ledger update commits at once. */
	private UploadOutcome uploadAndRecord(LedgerEntry entry) {
		UploadOutcome outcome = this.uploader.upload(entry, this.datasetName);
		this.ledger.record(List.of(outcome));
		if (!outcome.confirmed()) {
			log.warn("Upload of {} failed: {}", entry.name(), outcome.error());
		}
		return outcome;
	}

	/** The pool lives as long as the step execution: its threads must not outlive it. */
	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
