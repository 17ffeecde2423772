package ai.avala.pipeline.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * A file's MD5, read as a stream in small buffers (a 5 GiB file never sits in memory).
 *
 * @param hex lowercase hex, as storage returns it in the ETag
 * @param base64 base64, as the {@code Content-MD5} header wants it
 */
public record FileDigest(String hex, String base64) {

	/** One buffer per upload thread: a new one per file was measurable garbage at thousands of files/s. */
	private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[256 * 1024]);

	/**
	 * Hashing is CPU work: more large files hashed at once than there are cores only slows each of them and
	 * starves the network threads, so large files take a turn.
	 */
	private static final Semaphore CORES = new Semaphore(Runtime.getRuntime().availableProcessors());

	private static final long LARGE = 1024 * 1024;

	private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

	/** Enough MD5 blocks for the JIT's top tier to take the method (it compiles after some 15,000 calls). */
	private static final int WARM_UP_BYTES = 16 * 1024 * 1024;

	/**
	 * Hashes a few MB of zeros on a background thread. In a fresh JVM, MD5 runs several times slower until the
	 * JIT's top tier has compiled it, and once uploads keep both cores busy that compilation waits for CPU:
	 * measured, the first 2 s of a 512 KB-file upload hashed at a fraction of full speed. Started before the
	 * job, the compilation happens while the run is still talking to the API.
	 */
	public static void warmUpInBackground() {
		Thread thread = new Thread(FileDigest::warmUp, "md5-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	private static void warmUp() {
		MessageDigest md5 = newMd5();
		byte[] block = new byte[64 * 1024];
		for (int done = 0; done < WARM_UP_BYTES; done += block.length) {
			md5.update(block);
		}
		md5.digest();
	}

	/**
	 * Whether a storage ETag says the stored bytes differ from these. Only an MD5-shaped ETag (32 hex digits,
	 * what S3 answers for a one-part PUT) can say so: the contract marks the ETag's form as chosen, and other
	 * stores answer opaque ETags, which say nothing about the bytes (storage has checked Content-MD5 anyway).
	 */
	public boolean contradictedBy(String etag) {
		return etag != null && MD5_HEX.matcher(etag).matches() && !etag.equalsIgnoreCase(this.hex);
	}

	/** Whether an ETag is an MD5 (32 hex digits), as S3 answers for a one-part PUT. */
	public static boolean isMd5(String etag) {
		return etag != null && MD5_HEX.matcher(etag).matches();
	}

	/** A digest just computed. */
	public static FileDigest of(byte[] md5) {
		return new FileDigest(HexFormat.of().formatHex(md5), Base64.getEncoder().encodeToString(md5));
	}

	/** A digest already known, as lowercase hex. */
	public static FileDigest ofHex(String hex) {
		return new FileDigest(hex, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
	}

	public static FileDigest md5(Path file) {
		boolean large = file.toFile().length() >= LARGE;
		try {
			if (large) {
				CORES.acquire();
			}
			return read(file);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException("interrupted while hashing " + file, new java.io.InterruptedIOException());
		}
		finally {
			if (large) {
				CORES.release();
			}
		}
	}

	private static FileDigest read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest md5 = newMd5();
			byte[] buffer = BUFFER.get();
			for (int read; (read = in.read(buffer)) != -1;) {
				md5.update(buffer, 0, read);
			}
			byte[] digest = md5.digest();
			return new FileDigest(HexFormat.of().formatHex(digest), Base64.getEncoder().encodeToString(digest));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static MessageDigest newMd5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is required of every JDK", ex);
		}
	}

}
