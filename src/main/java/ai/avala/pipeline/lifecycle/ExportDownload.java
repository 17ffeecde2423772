package ai.avala.pipeline.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import ai.avala.pipeline.client.Export;
import ai.avala.pipeline.client.Retrier;
import ai.avala.pipeline.client.StorageClient;
import ai.avala.pipeline.client.StorageException;
import ai.avala.pipeline.progress.ProgressReporter;
import ai.avala.pipeline.progress.ProgressReporter.Totals;
import ai.avala.pipeline.progress.ProgressReporters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a finished export next to its final place, verifies it (size, and that a zip opens and lists its
 * entries), then moves it into place atomically: the export directory never holds a half-written file.
 * <p>
 * A download is a remote call like any other: a dropped connection, a 5xx or a body cut short (caught by the
 * size or zip check) is retried under the retry policy, and an expired download URL is replaced by reading the
 * export again, so one blip does not fail a night's run at its last step.
 */
final class ExportDownload {

	private static final Logger log = LoggerFactory.getLogger(ExportDownload.class);

	/** Fresh URLs asked for in one download, so a store that always says "expired" cannot loop forever. */
	private static final int MAX_URL_REFRESHES = 3;

	private final StorageClient storage;

	private final Retrier retrier;

	private final ProgressReporters progress;

	ExportDownload(StorageClient storage, Retrier retrier, ProgressReporters progress) {
		this.storage = storage;
		this.retrier = retrier;
		this.progress = progress;
	}

	/**
	 * @param export the finished export
	 * @param reread reads the export again, for a fresh {@code download_url} when the one in hand expired
	 */
	Path fetch(Export export, Supplier<Export> reread, Path directory, String baseName) throws IOException {
		Files.createDirectories(directory);
		Retrier.Attempts attempts = new Retrier.Attempts();
		int refreshes = 0;
		while (true) {
			try {
				return fetchOnce(export, directory, baseName);
			}
			catch (StorageException failure) {
				if (failure.urlExpired() && refreshes++ < MAX_URL_REFRESHES) {
					log.info("Export {}: the download URL expired; reading the export for a fresh one", export.uid());
					export = reread.get();
					continue;
				}
				retryAfter(failure, attempts, export);
			}
			catch (DamagedDownloadException damaged) {
				retryAfter(new StorageException(0, null, "GET export " + export.uid(), damaged.getMessage(), damaged),
						attempts, export);
			}
		}
	}

	private void retryAfter(StorageException failure, Retrier.Attempts attempts, Export export) {
		Duration wait = this.retrier.nextWait(failure, attempts);
		log.warn("Downloading export {} failed, retrying in {} ms: {}", export.uid(), wait.toMillis(),
				failure.getMessage());
		this.retrier.pause(wait);
	}

	private Path fetchOnce(Export export, Path directory, String baseName) throws IOException {
		Path target = directory.resolve(baseName + "." + extension(export.downloadUrl()));
		// Not createTempFile: its owner-only permissions would stick to the export after the move.
		Path part = directory.resolve("." + baseName + "-" + java.util.UUID.randomUUID() + ".part");
		AtomicLong written = new AtomicLong();
		try (ProgressReporter reporter = this.progress.start("download", "Downloading export " + export.uid(),
				Totals.ofBytes(export.sizeBytes()), Totals.NONE, () -> 0, written::get)) {
			long bytes = this.storage.download(export.downloadUrl(), part, written);
			verify(export, part, bytes);
			move(part, target);
			return target;
		}
		finally {
			Files.deleteIfExists(part);
		}
	}

	private static void verify(Export export, Path part, long bytes) throws IOException {
		if (export.sizeBytes() != null && export.sizeBytes() != bytes) {
			throw new DamagedDownloadException("export " + export.uid() + " downloaded " + bytes
					+ " bytes but the export says " + export.sizeBytes());
		}
		if (isZip(part)) {
			try (ZipFile zip = new ZipFile(part.toFile())) {
				if (zip.size() == 0) {
					throw new DamagedDownloadException("export " + export.uid() + " is an empty zip");
				}
			}
			catch (ZipException ex) {
				throw new DamagedDownloadException("export " + export.uid() + " downloaded as a damaged zip ("
						+ ex.getMessage() + ", " + bytes + " bytes)");
			}
		}
	}

	private static boolean isZip(Path file) throws IOException {
		try (var in = Files.newInputStream(file)) {
			byte[] magic = in.readNBytes(4);
			return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
		}
	}

	private static void move(Path part, Path target) throws IOException {
		try {
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** The extension of the URL's file name, or {@code zip} (every documented format downloads as a zip). */
	static String extension(String url) {
		String path = URI.create(url).getPath();
		String fileName = (path == null) ? "" : path.substring(path.lastIndexOf('/') + 1);
		int dot = fileName.lastIndexOf('.');
		String ext = (dot > 0) ? fileName.substring(dot + 1) : "";
		return ext.matches("[A-Za-z0-9]{1,8}") ? ext.toLowerCase(java.util.Locale.ROOT) : "zip";
	}

	/** What arrived is not what the export holds: a body cut short or damaged on the way. */
	private static final class DamagedDownloadException extends IOException {

		DamagedDownloadException(String message) {
			super(message);
		}

	}

}
