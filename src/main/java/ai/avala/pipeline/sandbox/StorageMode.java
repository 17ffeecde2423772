package ai.avala.pipeline.sandbox;

/**
 * What the sandbox keeps of uploaded bytes. Benchmarks want the fast path; tests that compare
 * bytes on disk want the slow one.
 */
public enum StorageMode {

	/** Stream the body through MD5 and keep only size and digest. */
	DISCARD,

	/** Also write the bytes to {@code storageDir/<datasetUid>/<name>} (temp file + atomic move). */
	DISK

}
