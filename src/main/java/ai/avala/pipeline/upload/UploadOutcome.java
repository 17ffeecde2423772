package ai.avala.pipeline.upload;

/**
 * What happened to one file in one execution.
 *
 * @param entry the ledger entry
 * @param confirmed whether storage confirmed the bytes
 * @param md5Hex the MD5 of what was sent
 * @param etag the storage's ETag, or null (form POSTs answer 204 without one)
 * @param attempts transfer attempts in this execution
 * @param errorKind null, {@code CHANGED} (the local file changed: bad input) or {@code TRANSFER}
 * @param error the last error, or null
 */
public record UploadOutcome(LedgerEntry entry, boolean confirmed, String md5Hex, String etag, int attempts,
		String errorKind, String error) {

	public static final String CHANGED = "CHANGED";

	public static final String TRANSFER = "TRANSFER";

}
