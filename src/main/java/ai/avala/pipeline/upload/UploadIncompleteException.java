package ai.avala.pipeline.upload;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Some files could not be uploaded after their retries; every other file was. The run is restartable: a
 * restart tries exactly the files not confirmed.
 */
public class UploadIncompleteException extends RuntimeException {

	private final boolean localFileChanged;

	public UploadIncompleteException(long failed, List<UploadLedger.Failure> first) {
		super(failed + " file(s) failed to upload; first: " + first.stream()
			.map((f) -> f.name() + ": " + f.error())
			.collect(Collectors.joining("; ")));
		this.localFileChanged = first.stream().anyMatch((f) -> UploadOutcome.CHANGED.equals(f.kind()));
	}

	/** Whether a local file changed or vanished since validation (bad input), rather than a transfer fault. */
	public boolean localFileChanged() {
		return this.localFileChanged;
	}

}
