package ai.avala.pipeline.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Files presigned under one {@code dataset_name} in the per-file flow before the dataset exists.
 * Finalising turns them into a dataset; uploads that arrive later go straight into it.
 */
final class StagedSet {

	/** One presigned file: its declared size and, once uploaded, its digest. */
	private static final class Staged {

		final long size;

		byte[] md5;

		int puts;

		Staged(long size) {
			this.size = size;
		}

	}

	final String id = UUID.randomUUID().toString();

	final String orgId;

	final String datasetName;

	private final Map<String, Staged> files = new LinkedHashMap<>();

	private Dataset dataset;

	StagedSet(String orgId, String datasetName) {
		this.orgId = orgId;
		this.datasetName = datasetName;
	}

	/** Declares a file (first declaration wins) and returns its declared size. */
	synchronized long declare(String path, long size) {
		return files.computeIfAbsent(path, (p) -> new Staged(size)).size;
	}

	synchronized long stagedBytes() {
		return files.values().stream().mapToLong((staged) -> staged.size).sum();
	}

	synchronized Dataset dataset() {
		return dataset;
	}

	/** Stores an upload here, or into the dataset if this set was finalised meanwhile. */
	void stored(String path, byte[] md5, Instant now) {
		Dataset target;
		synchronized (this) {
			target = dataset;
			if (target == null) {
				Staged staged = files.get(path);
				staged.md5 = md5;
				staged.puts++;
				return;
			}
		}
		target.stored(target.files.indexOf(path), md5, 1, now);
	}

	/** Builds the dataset of the finalise step, carrying over uploads that already happened. */
	synchronized Dataset finalise(String uid, ManifestRequest request, Instant now) {
		String[] names = files.keySet().toArray(new String[0]);
		long[] sizes = files.values().stream().mapToLong((staged) -> staged.size).toArray();
		FileTable table = new FileTable(names, sizes);
		for (int i = 0; i < names.length; i++) {
			Staged staged = files.get(names[i]);
			if (staged.puts > 0) {
				table.record(i, staged.md5, staged.puts);
			}
		}
		dataset = new Dataset(uid, orgId, request, table, now);
		return dataset;
	}

}
