package ai.avala.pipeline.sandbox;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The declared files of one dataset and what storage received for each, kept in parallel arrays so
 * a million-file manifest costs a few dozen bytes per file beyond the names themselves.
 */
final class FileTable {

	private static final int MD5_LENGTH = 16;

	private final String[] names;

	private final long[] sizes;

	private final int[] byName;

	private final byte[] md5s;

	private final int[] putCounts;

	private int storedCount;

	FileTable(String[] names, long[] sizes) {
		this.names = names;
		this.sizes = sizes;
		this.byName = sortedIndex(names);
		this.md5s = new byte[names.length * MD5_LENGTH];
		this.putCounts = new int[names.length];
	}

	/** Indices of {@code names} in name order; equal names end up adjacent. */
	static int[] sortedIndex(String[] names) {
		Integer[] boxed = new Integer[names.length];
		Arrays.setAll(boxed, (i) -> i);
		Arrays.sort(boxed, (a, b) -> names[a].compareTo(names[b]));
		return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
	}

	int size() {
		return names.length;
	}

	String name(int index) {
		return names[index];
	}

	long declaredSize(int index) {
		return sizes[index];
	}

	/** Index of a declared name, or -1. */
	int indexOf(String name) {
		int low = 0;
		int high = byName.length - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			int cmp = names[byName[mid]].compareTo(name);
			if (cmp == 0) {
				return byName[mid];
			}
			if (cmp < 0) {
				low = mid + 1;
			}
			else {
				high = mid - 1;
			}
		}
		return -1;
	}

	/** Records a successful upload; true when this made every declared file present. */
	synchronized boolean record(int index, byte[] md5, int puts) {
		System.arraycopy(md5, 0, md5s, index * MD5_LENGTH, MD5_LENGTH);
		boolean first = putCounts[index] == 0;
		putCounts[index] += puts;
		if (first) {
			storedCount++;
			return storedCount == names.length;
		}
		return false;
	}

	synchronized boolean complete() {
		return storedCount == names.length;
	}

	synchronized Map<String, StoredFile> stored() {
		Map<String, StoredFile> result = new LinkedHashMap<>();
		HexFormat hex = HexFormat.of();
		for (int i = 0; i < names.length; i++) {
			if (putCounts[i] > 0) {
				String md5 = hex.formatHex(md5s, i * MD5_LENGTH, (i + 1) * MD5_LENGTH);
				result.put(names[i], new StoredFile(sizes[i], md5, putCounts[i]));
			}
		}
		return result;
	}

}
