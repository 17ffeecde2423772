package ai.avala.pipeline.upload;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Some files are not confirmed uploaded: they failed after their retries, or no outcome was recorded for them
 * (the ledger write failed or was interrupted); every other file was. The run is restartable: a restart tries
 * exactly the files not confirmed.
 */
public class UploadIncompleteException extends RuntimeException {

	private final boolean localFileChanged;

	public UploadIncompleteException(long failed, List<UploadLedger.Failure> first) {
		this(failed, first, null);
	}

	/** @param cause why outcomes went unrecorded, when the ledger recorder itself failed; or null */
	public UploadIncompleteException(long failed, List<UploadLedger.Failure> first, Throwable cause) {
		super(failed + " file(s) failed to upload; first: " + first.stream()
			.map((f) -> f.name() + ": " + f.error())
			.collect(Collectors.joining("; ")), cause);
		this.localFileChanged = first.stream().anyMatch((f) -> UploadOutcome.CHANGED.equals(f.kind()));
	}

	/** Whether a local file changed or vanished since validation (bad input), rather than a transfer fault. */
	public boolean localFileChanged() {
		return this.localFileChanged;
	}

}
