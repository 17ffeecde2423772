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
 * Uploads a chunk of files, several at once on a bounded pool, then records every outcome in the ledger in
 * one batch, inside the chunk's transaction (so the ledger and the step's counts commit together).
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
			inFlight.add(CompletableFuture.supplyAsync(() -> this.uploader.upload(entry, this.datasetName),
					this.pool));
		}
		List<UploadOutcome> outcomes = inFlight.stream().map(CompletableFuture::join).toList();
		outcomes.stream()
			.filter((o) -> !o.confirmed())
			.forEach((o) -> log.warn("Upload of {} failed: {}", o.entry().name(), o.error()));
		this.ledger.record(outcomes);
	}

	/** The pool lives as long as the step execution: its threads must not outlive it. */
	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
