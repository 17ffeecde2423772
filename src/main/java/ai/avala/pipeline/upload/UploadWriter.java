package ai.avala.pipeline.upload;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Hands each file of a chunk to the {@link UploadEngine} and returns as soon as the last one has started:
 * chunks do not wait for their slowest file. The engine commits each outcome to the ledger as it comes.
 */
public class UploadWriter implements ItemWriter<LedgerEntry>, ItemStream {

	private final UploadEngine engine;

	public UploadWriter(UploadEngine engine) {
		this.engine = engine;
	}

	@Override
	public void write(Chunk<? extends LedgerEntry> chunk) throws InterruptedException {
		for (LedgerEntry entry : chunk) {
			this.engine.submit(entry);
		}
	}

	/** The step ends (completed, stopped or failed) only after the files in flight have their outcome. */
	@Override
	public void close() {
		this.engine.close();
	}

}
