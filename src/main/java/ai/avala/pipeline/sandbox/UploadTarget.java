package ai.avala.pipeline.sandbox;

import java.time.Instant;

/**
 * Where the bytes of one presigned upload go: a declared file of a dataset, or a file staged under
 * a {@code dataset_name} by the per-file presign flow.
 */
interface UploadTarget {

	long expectedSize();

	/** Directory name under the storage dir in {@link StorageMode#DISK}. */
	String directory();

	String fileName();

	void stored(byte[] md5, Instant now);

	record DatasetFile(Dataset dataset, int index) implements UploadTarget {

		@Override
		public long expectedSize() {
			return dataset.files.declaredSize(index);
		}

		@Override
		public String directory() {
			return dataset.uid;
		}

		@Override
		public String fileName() {
			return dataset.files.name(index);
		}

		@Override
		public void stored(byte[] md5, Instant now) {
			dataset.stored(index, md5, 1, now);
		}

	}

	record StagedFile(StagedSet set, String path, long size) implements UploadTarget {

		@Override
		public long expectedSize() {
			return size;
		}

		@Override
		public String directory() {
			Dataset dataset = set.dataset();
			return (dataset != null) ? dataset.uid : "_staged/" + set.id;
		}

		@Override
		public String fileName() {
			return path;
		}

		@Override
		public void stored(byte[] md5, Instant now) {
			set.stored(path, md5, now);
		}

	}

}
