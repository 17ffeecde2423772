package ai.avala.pipeline.manifest;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the raw values of one manifest record into a {@link ManifestEntry}: resolves {@code path} against
 * the manifest's folder and derives the dataset name when the record gives none.
 */
final class EntryFactory {

	private final Path manifest;

	private final Path folder;

	EntryFactory(Path manifest, Path folder) {
		this.manifest = manifest;
		this.folder = folder.toAbsolutePath().normalize();
	}

	/** For a manifest file: paths are relative to the folder that holds it. */
	static EntryFactory forManifestFile(Path manifest) {
		return new EntryFactory(manifest, manifest.toAbsolutePath().normalize().getParent());
	}

	/**
	 * Resolve a record's {@code path} value.
	 * @throws ManifestSyntaxException if the value is empty or not a path on this system
	 */
	Path resolve(String path, long line, long column, String field) throws ManifestSyntaxException {
		if (path == null || path.isEmpty()) {
			throw new ManifestSyntaxException(this.manifest, line, column, field,
					field + " is empty; every entry needs the path of its file");
		}
		try {
			return this.folder.resolve(path).normalize();
		}
		catch (InvalidPathException ex) {
			throw new ManifestSyntaxException(this.manifest, line, column, field,
					field + " '" + path + "' is not a valid path: " + ex.getReason(), ex);
		}
	}

	ManifestEntry create(long line, Path file, long size, String sha256, String md5, String name) {
		String datasetName = (name == null || name.isEmpty()) ? defaultName(file) : name;
		return new ManifestEntry(line, file, datasetName, size, normaliseHex(sha256), normaliseHex(md5));
	}

	/** The file's path relative to the manifest's folder with '/' separators, or null if outside it. */
	String defaultName(Path file) {
		if (!file.startsWith(this.folder) || file.equals(this.folder)) {
			return null;
		}
		StringBuilder name = new StringBuilder();
		for (Path segment : this.folder.relativize(file)) {
			name.append((name.length() > 0) ? "/" : "").append(segment);
		}
		return name.toString();
	}

	Path folder() {
		return this.folder;
	}

	private static String normaliseHex(String digest) {
		if (digest == null || digest.isBlank()) {
			return null;
		}
		return digest.trim().toLowerCase(Locale.ROOT);
	}

}
