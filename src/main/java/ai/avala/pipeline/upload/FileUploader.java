package ai.avala.pipeline.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.PresignedPost;
import ai.avala.pipeline.client.Retrier;
import ai.avala.pipeline.client.StorageClient;
import ai.avala.pipeline.client.StorageException;

/**
 * Uploads one file: streams it to its presigned URL with {@code Content-MD5} and checks the returned ETag.
 * Transfer faults are retried with a fresh stream from disk; an expired (or missing) URL is replaced by a
 * per-file presign (contract §3b, same dataset name). Never throws for a transfer failure: the outcome says
 * what happened, so the other files of the chunk go on.
 */
public class FileUploader {

	private static final Logger log = LoggerFactory.getLogger(FileUploader.class);

	/** Treat a URL as expired this long before its stated expiry: the transfer itself takes time. */
	private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

	/** A form that expired before it was used is presigned again, but not forever: the clocks may disagree. */
	private static final int MAX_FRESH_PRESIGNS = 3;

	private static final String ETAG_MISMATCH = "ETagMismatch";

	private final StorageClient storage;

	private final AvalaClient api;

	private final Retrier retrier;

	private final Clock clock;

	/** Until a store answers an ETag that is not an MD5, files without a declared MD5 are verified by their ETag. */
	private volatile boolean etagsAreMd5 = true;

	public FileUploader(StorageClient storage, AvalaClient api, Retrier retrier, Clock clock) {
		this.storage = storage;
		this.api = api;
		this.retrier = retrier;
		this.clock = clock;
	}

	public UploadOutcome upload(LedgerEntry entry, String datasetName) {
		String changed = changedSinceValidation(entry);
		if (changed != null) {
			return new UploadOutcome(entry, false, null, null, 0, UploadOutcome.CHANGED, changed);
		}
		if (entry.md5() != null) {
			// Known from the manifest (or an earlier attempt): storage checks it, so the file is read once, to send it.
			return transfer(entry, datasetName, FileDigest.ofHex(entry.md5()), true, 0);
		}
		int[] tries = { 0 };
		if (this.etagsAreMd5) {
			UploadOutcome outcome = transferHashing(entry, tries);
			if (outcome != null) {
				return outcome;
			}
		}
		FileDigest digest;
		try {
			digest = FileDigest.md5(entry.file());
		}
		catch (UncheckedIOException ex) {
			return new UploadOutcome(entry, false, null, null, tries[0], UploadOutcome.CHANGED, ex.getMessage());
		}
		return transfer(entry, datasetName, digest, false, tries[0]);
	}

	/**
	 * The cheapest verified route for a file whose MD5 nobody declared: one read of the file feeds both the
	 * socket and the MD5, and the storage's ETag (for a one-part PUT, the MD5 of what it stored, contract §3a)
	 * is compared with it; a mismatch is a corrupted transfer, retried like one (a repeated PUT overwrites).
	 * Hashing first for {@code Content-MD5} read every file twice and kept the CPU from overlapping hashing
	 * with sending. Null when this route cannot verify the file: no usable presigned URL (the per-file
	 * presign flow sends a form), or a store whose ETag is not an MD5, which then stays on the
	 * {@code Content-MD5} route for the rest of the run; {@code tries} counts the PUTs made here.
	 */
	private UploadOutcome transferHashing(LedgerEntry entry, int[] tries) {
		Retrier.Attempts attempts = new Retrier.Attempts();
		while (true) {
			String url = usableUrl(entry);
			if (url == null) {
				return null;
			}
			tries[0]++;
			try {
				StorageClient.HashedPut put = this.storage.putHashing(url, entry.file(), entry.size());
				FileDigest digest = FileDigest.of(put.md5());
				if (!FileDigest.isMd5(put.etag())) {
					this.etagsAreMd5 = false;
					log.info("Storage answered ETag {} for {}, not an MD5: files are hashed first and sent with "
							+ "Content-MD5 for the rest of this run", put.etag(), entry.name());
					return null;
				}
				if (!digest.hex().equalsIgnoreCase(put.etag())) {
					throw new StorageException(500, ETAG_MISMATCH, entry.name(),
							"storage answered ETag " + put.etag() + " but the file's MD5 is " + digest.hex(), null);
				}
				return new UploadOutcome(entry, true, digest.hex(), put.etag(), tries[0], null, null);
			}
			catch (UncheckedIOException ex) {
				return new UploadOutcome(entry, false, null, null, tries[0], UploadOutcome.CHANGED, ex.getMessage());
			}
			catch (StorageException ex) {
				if (ex.urlExpired()) {
					return null;
				}
				UploadOutcome failed = waitOrGiveUp(entry, null, tries[0], ex, attempts);
				if (failed != null) {
					return failed;
				}
			}
		}
	}

	private UploadOutcome transfer(LedgerEntry entry, String datasetName, FileDigest digest, boolean declared,
			int priorTries) {
		Retrier.Attempts attempts = new Retrier.Attempts();
		String url = usableUrl(entry);
		int tries = priorTries;
		int freshPresigns = MAX_FRESH_PRESIGNS;
		while (true) {
			tries++;
			try {
				String etag = send(entry, datasetName, digest, url);
				return new UploadOutcome(entry, true, digest.hex(), etag, tries, null, null);
			}
			catch (UncheckedIOException ex) {
				return new UploadOutcome(entry, false, null, null, tries, UploadOutcome.CHANGED, ex.getMessage());
			}
			catch (StorageException ex) {
				if (ex.urlExpired() && (url != null || freshPresigns-- > 0)) {
					url = null; // presign afresh, at once: nothing to wait for
					continue;
				}
				if (declared && refusedDigest(ex)) {
					// A wrong MD5 in the manifest, or bytes damaged on the way: hashing the file once tells which.
					declared = false;
					UploadOutcome wrong = checkDeclared(entry, digest, tries);
					if (wrong != null) {
						return wrong;
					}
				}
				UploadOutcome failed = waitOrGiveUp(entry, digest, tries, ex, attempts);
				if (failed != null) {
					return failed;
				}
			}
			catch (AvalaApiException ex) {
				UploadOutcome failed = waitOrGiveUp(entry, digest, tries, ex, attempts);
				if (failed != null) {
					return failed;
				}
			}
		}
	}

	private String send(LedgerEntry entry, String datasetName, FileDigest digest, String url) {
		if (url == null) {
			PresignedPost post = this.api.presignFile(datasetName, entry.name(), entry.size());
			this.storage.postForm(post, entry.file(), entry.size());
			return null;
		}
		String etag = this.storage.put(url, entry.file(), entry.size(), digest.base64());
		if (digest.contradictedBy(etag)) {
			// Storage kept other bytes than we sent: retry the file, as for a corrupted transfer.
			throw new StorageException(500, ETAG_MISMATCH, entry.name(),
					"storage answered ETag " + etag + " but the file's MD5 is " + digest.hex(), null);
		}
		return etag;
	}

	private static boolean refusedDigest(StorageException ex) {
		return "BadDigest".equals(ex.storageCode()) || ETAG_MISMATCH.equals(ex.storageCode());
	}

	/** Null if the file's MD5 is the declared one; otherwise the bad-input outcome that says so. */
	private static UploadOutcome checkDeclared(LedgerEntry entry, FileDigest declared, int tries) {
		String actual;
		try {
			actual = FileDigest.md5(entry.file()).hex();
		}
		catch (UncheckedIOException ex) {
			return new UploadOutcome(entry, false, null, null, tries, UploadOutcome.CHANGED, ex.getMessage());
		}
		if (actual.equals(declared.hex())) {
			return null;
		}
		return new UploadOutcome(entry, false, null, null, tries, UploadOutcome.CHANGED, entry.file() + " ("
				+ entry.name() + ") has MD5 " + actual + ", not the declared " + declared.hex()
				+ " (storage refused the upload); restore the file, or correct the manifest's md5 and start a new run"
				+ " (another runDate)");
	}

	private UploadOutcome waitOrGiveUp(LedgerEntry entry, FileDigest digest, int tries, RuntimeException failure,
			Retrier.Attempts attempts) {
		try {
			this.retrier.pause(this.retrier.nextWait(failure, attempts));
			return null;
		}
		catch (RuntimeException giveUp) {
			return new UploadOutcome(entry, false, (digest != null) ? digest.hex() : null, null, tries,
					UploadOutcome.TRANSFER, failure.getMessage());
		}
	}

	private String usableUrl(LedgerEntry entry) {
		if (entry.uploadUrl() == null) {
			return null;
		}
		if (entry.urlExpiresAt() != null
				&& this.clock.millis() + EXPIRY_MARGIN.toMillis() >= entry.urlExpiresAt()) {
			return null;
		}
		return entry.uploadUrl();
	}

	/** Null if the file is as validated; otherwise why not, naming it. */
	static String changedSinceValidation(LedgerEntry entry) {
		Path file = entry.file();
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			if (attributes.size() != entry.size()) {
				return file + " (" + entry.name() + ") changed since the manifest was validated: size "
						+ attributes.size() + ", declared " + entry.size()
						+ "; restore the file or start a new run (another runDate)";
			}
			if (attributes.lastModifiedTime().toMillis() != entry.mtimeMillis()) {
				return file + " (" + entry.name() + ") was modified since the manifest was validated"
						+ "; restore the file or start a new run (another runDate)";
			}
			return null;
		}
		catch (IOException ex) {
			return file + " (" + entry.name() + ") cannot be read any more: " + ex.getClass().getSimpleName()
					+ "; restore the file or start a new run (another runDate)";
		}
	}

}
