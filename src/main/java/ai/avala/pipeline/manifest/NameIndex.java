package ai.avala.pipeline.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Remembers which names a manifest has listed and on which line each first appeared.
 * <p>
 * Why hashes instead of a {@code Set<String>}: a million names as strings cost hundreds of megabytes,
 * while a million 64-bit SHA-256 prefixes in primitive arrays cost 32 MB, and two distinct names share a
 * prefix with a probability of about 3e-8 even at that size.
 */
final class NameIndex {

	/** Marks a free slot; a name whose hash prefix is 0 is stored as 1 instead. */
	private static final long FREE = 0L;

	private final MessageDigest sha256;

	private long[] hashes = new long[1024];

	private long[] lines = new long[1024];

	private int size;

	NameIndex() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides SHA-256", ex);
		}
	}

	/**
	 * Record a name seen on a line.
	 * @return the line where the name was first seen, or 0 if this is its first appearance
	 */
	long firstLineOf(String name, long line) {
		long hash = hash(name);
		int slot = find(this.hashes, hash);
		if (this.hashes[slot] == hash) {
			return this.lines[slot];
		}
		this.hashes[slot] = hash;
		this.lines[slot] = line;
		if (++this.size * 2 > this.hashes.length) {
			grow();
		}
		return 0;
	}

	private long hash(String name) {
		byte[] digest = this.sha256.digest(name.getBytes(StandardCharsets.UTF_8));
		long hash = 0;
		for (int i = 0; i < Long.BYTES; i++) {
			hash = (hash << 8) | (digest[i] & 0xFF);
		}
		return (hash == FREE) ? 1 : hash;
	}

	/** Linear probing: the slot holding the hash, or the free slot where it belongs. */
	private static int find(long[] table, long hash) {
		int mask = table.length - 1;
		int slot = (int) (hash ^ (hash >>> 32)) & mask;
		while (table[slot] != FREE && table[slot] != hash) {
			slot = (slot + 1) & mask;
		}
		return slot;
	}

	private void grow() {
		long[] oldHashes = this.hashes;
		long[] oldLines = this.lines;
		this.hashes = new long[oldHashes.length * 2];
		this.lines = new long[oldLines.length * 2];
		for (int i = 0; i < oldHashes.length; i++) {
			if (oldHashes[i] != FREE) {
				int slot = find(this.hashes, oldHashes[i]);
				this.hashes[slot] = oldHashes[i];
				this.lines[slot] = oldLines[i];
			}
		}
	}

}
