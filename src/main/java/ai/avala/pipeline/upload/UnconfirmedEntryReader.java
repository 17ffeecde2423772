package ai.avala.pipeline.upload;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the ledger entries not yet confirmed, a page at a time, in manifest order. Needs no saved position:
 * confirmed entries drop out of the query, so a restart simply reads from the start again. At the end it
 * fails the step if any file failed in this execution, naming the first few, after all others were tried.
 */
public class UnconfirmedEntryReader implements ItemReader<LedgerEntry> {

	private static final int PAGE = 500;

	private final UploadLedger ledger;

	private final long instance;

	private final UploadEngine engine;

	private final Deque<LedgerEntry> buffer = new ArrayDeque<>();

	private long lastEntryNo = -1;

	private boolean exhausted;

	public UnconfirmedEntryReader(UploadLedger ledger, long instance, UploadEngine engine) {
		this.ledger = ledger;
		this.instance = instance;
		this.engine = engine;
	}

	@Override
	public LedgerEntry read() {
		if (this.buffer.isEmpty() && !this.exhausted) {
			List<LedgerEntry> page = this.ledger.unconfirmedPage(this.instance, this.lastEntryNo, PAGE);
			this.buffer.addAll(page);
			this.exhausted = page.size() < PAGE;
		}
		LedgerEntry next = this.buffer.poll();
		if (next == null) {
			// Every file has been handed over; their outcomes decide whether the step failed.
			this.engine.drain();
			failIfAnyFailed();
			return null;
		}
		this.lastEntryNo = next.entryNo();
		return next;
	}

	private void failIfAnyFailed() {
		long failed = this.ledger.count(this.instance, LedgerEntry.FAILED);
		if (failed > 0) {
			throw new UploadIncompleteException(failed, this.ledger.failures(this.instance, 5));
		}
	}

}
