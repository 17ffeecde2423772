package ai.avala.pipeline.sandbox;

/**
 * One uploaded file as the sandbox's storage saw it.
 *
 * @param size bytes stored by the last successful upload
 * @param md5Hex lowercase hex MD5 of those bytes
 * @param putCount how many uploads succeeded for this name (overwrites included)
 */
public record StoredFile(long size, String md5Hex, int putCount) {
}
