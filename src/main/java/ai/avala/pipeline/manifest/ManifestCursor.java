package ai.avala.pipeline.manifest;

/**
 * One streaming pass over a manifest's entries, in manifest order. Only the current record is held in
 * memory, so a manifest of millions of entries can be read in a small heap.
 */
public interface ManifestCursor extends AutoCloseable {

	/**
	 * Read the next entry.
	 * @return the entry, or null at the end of the manifest
	 * @throws ManifestSyntaxException if the next record is malformed (names file, line and column)
	 * @throws ManifestException if the manifest can no longer be read
	 */
	ManifestEntry next() throws ManifestException;

	@Override
	void close();

}
