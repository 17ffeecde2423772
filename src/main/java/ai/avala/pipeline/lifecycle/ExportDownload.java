package ai.avala.pipeline.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipFile;

import ai.avala.pipeline.client.Export;
import ai.avala.pipeline.client.StorageClient;

/**
 * Downloads a finished export next to its final place, verifies it (size, and that a zip opens and lists its
 * entries), then moves it into place atomically: the export directory never holds a half-written file.
 */
final class ExportDownload {

	private final StorageClient storage;

	ExportDownload(StorageClient storage) {
		this.storage = storage;
	}

	Path fetch(Export export, Path directory, String baseName) throws IOException {
		Files.createDirectories(directory);
		Path target = directory.resolve(baseName + "." + extension(export.downloadUrl()));
		// Not createTempFile: its owner-only permissions would stick to the export after the move.
		Path part = directory.resolve("." + baseName + "-" + java.util.UUID.randomUUID() + ".part");
		try {
			long bytes = this.storage.download(export.downloadUrl(), part);
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
			throw new IOException("export " + export.uid() + " downloaded " + bytes + " bytes but the export says "
					+ export.sizeBytes() + "; the run can be restarted to download it again");
		}
		if (isZip(part)) {
			try (ZipFile zip = new ZipFile(part.toFile())) {
				if (zip.size() == 0) {
					throw new IOException("export " + export.uid() + " is an empty zip");
				}
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

}
