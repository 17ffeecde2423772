package ai.avala.pipeline.manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A list of files to upload, read from one of three sources:
 * <ul>
 * <li>a CSV file ({@code .csv}) with a header row naming {@code path} and {@code size} and optionally
 * {@code sha256}, {@code md5} and {@code name}, in any order;</li>
 * <li>a JSON Lines file ({@code .jsonl} or {@code .ndjson}), one object with those keys per line;</li>
 * <li>a directory, whose regular, non-hidden files are listed in the order of their relative paths.</li>
 * </ul>
 * A {@code path} is absolute or relative to the manifest's folder. A file's {@code name} in the dataset
 * defaults to its path relative to that folder, with '/' separators.
 * <p>
 * A manifest is never read whole: each {@link #cursor()} streams it from the start, so manifests of
 * millions of entries fit in a small heap.
 */
public final class Manifest {

	private enum Kind {

		CSV, JSON_LINES, DIRECTORY

	}

	private final Path location;

	private final Kind kind;

	private Manifest(Path location, Kind kind) {
		this.location = location;
		this.kind = kind;
	}

	/**
	 * Open a manifest, choosing its format from what the path is: a directory, or a file ending in
	 * {@code .csv}, {@code .jsonl} or {@code .ndjson}. Fails now rather than mid-job if the manifest is
	 * missing, unreadable, of another type, or (for CSV) has an empty or bad header.
	 * @param manifestPath the manifest file or directory
	 * @return the manifest, ready for {@link #cursor()}
	 * @throws ManifestException if the manifest cannot be used
	 */
	public static Manifest open(Path manifestPath) throws ManifestException {
		Path location = manifestPath.toAbsolutePath().normalize();
		if (!Files.exists(location)) {
			throw new ManifestException("manifest " + location + " does not exist; check the path");
		}
		Manifest manifest = new Manifest(location, kindOf(location));
		manifest.cursor().close();
		return manifest;
	}

	/** The absolute path of the manifest file or directory. */
	public Path location() {
		return this.location;
	}

	/**
	 * Start a fresh pass over the entries, from the first. The caller closes the cursor.
	 * @return a cursor positioned before the first entry
	 * @throws ManifestException if the manifest can no longer be opened
	 */
	public ManifestCursor cursor() throws ManifestException {
		return switch (this.kind) {
			case CSV -> CsvManifestCursor.open(this.location);
			case JSON_LINES -> JsonLinesManifestCursor.open(this.location);
			case DIRECTORY -> DirectoryManifestCursor.open(this.location);
		};
	}

	@Override
	public String toString() {
		return this.location.toString();
	}

	private static Kind kindOf(Path location) throws ManifestException {
		if (Files.isDirectory(location)) {
			return Kind.DIRECTORY;
		}
		if (!Files.isRegularFile(location)) {
			throw new ManifestException("manifest " + location + " is neither a regular file nor a directory");
		}
		String fileName = location.getFileName().toString().toLowerCase(Locale.ROOT);
		if (fileName.endsWith(".csv")) {
			return Kind.CSV;
		}
		if (fileName.endsWith(".jsonl") || fileName.endsWith(".ndjson")) {
			return Kind.JSON_LINES;
		}
		throw new ManifestException("unsupported manifest type: " + location
				+ "; use a .csv, .jsonl or .ndjson file or a directory");
	}

}
