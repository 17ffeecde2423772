package ai.avala.pipeline.upload;

import java.nio.file.Path;

/**
 * One manifest entry as the ledger holds it: the file, what was declared for it, and how far it got.
 *
 * @param jobInstanceId the run it belongs to
 * @param entryNo its position in the manifest (0-based)
 * @param name its name in the dataset
 * @param file the local file
 * @param size the size declared to the API
 * @param mtimeMillis the file's modification time when the manifest was validated
 * @param state {@code PENDING}, {@code CONFIRMED} or {@code FAILED}
 * @param uploadUrl the presigned PUT URL from the manifest upload, or null
 * @param urlExpiresAt when that URL expires (epoch millis), or null when unknown
 * @param attempts transfer attempts so far, over all executions
 * @param md5 the file's MD5 (lowercase hex) when already known — from the manifest's {@code md5} column or an
 * earlier attempt — so the upload need not read the file to hash it; null otherwise
 */
public record LedgerEntry(long jobInstanceId, long entryNo, String name, Path file, long size, long mtimeMillis,
		String state, String uploadUrl, Long urlExpiresAt, int attempts, String md5) {

	public static final String PENDING = "PENDING";

	public static final String CONFIRMED = "CONFIRMED";

	public static final String FAILED = "FAILED";

}
