package ai.avala.pipeline.sandbox;

/**
 * The body of {@code POST /datasets/manual-upload/}, validated. {@code names == null} means the
 * body had no {@code files}: the finalise step of the per-file presign flow.
 */
record ManifestRequest(String name, String slug, String dataType, String visibility, String[] names, long[] sizes) {

	boolean manifestFlow() {
		return names != null;
	}

}
