package ai.avala.pipeline.manifest;

import java.nio.file.Path;

/**
 * One file listed in a manifest: where it is on disk and what it is called in the dataset.
 *
 * @param line the 1-based line of the entry in the manifest (for a directory manifest, the entry's
 * position in the sorted scan)
 * @param file the absolute, normalised path of the file on disk
 * @param name the file's name in the dataset (a relative POSIX path); null only when the manifest gives
 * no name and none can be derived because the file lies outside the manifest's folder —
 * {@link ManifestValidator} reports such entries
 * @param size the declared size in bytes
 * @param sha256 the declared SHA-256 in lowercase, or null when none was given; its format is checked by
 * {@link ManifestValidator}, not here
 * @param md5 the declared MD5 in lowercase hex, or null; checked for format by {@link ManifestValidator} and
 * against the bytes by storage ({@code Content-MD5}), so that the upload need not read the file to hash it
 */
public record ManifestEntry(long line, Path file, String name, long size, String sha256, String md5) {

}
