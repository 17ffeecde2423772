package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Streams an upload through MD5 (and, in {@link StorageMode#DISK}, to a temp file that is moved
 * into place atomically), never holding the body in memory.
 */
final class ObjectStore {

	private static final int BUFFER = 64 * 1024;

	private final StorageMode mode;

	private final Path root;

	ObjectStore(StorageMode mode, Path root) {
		this.mode = mode;
		this.root = root;
	}

	/** Thrown when the body's length differs from what was declared. */
	static final class LengthMismatch extends IOException {

		final long received;

		LengthMismatch(long received) {
			super("received " + received + " bytes", null);
			this.received = received;
		}

	}

	/** Thrown when the body's MD5 differs from the client's {@code Content-MD5}. */
	static final class DigestMismatch extends IOException {

		DigestMismatch() {
			super("Content-MD5 mismatch", null);
		}

	}

	/**
	 * Consumes the body and returns its MD5; a wrong length or digest throws and leaves any
	 * earlier upload of the same name in place.
	 */
	byte[] consume(InputStream body, UploadTarget target, byte[] expectedMd5) throws IOException {
		MessageDigest md5 = newMd5();
		if (mode == StorageMode.DISCARD) {
			long received = pump(body, md5, null);
			return checked(md5, received, target, expectedMd5);
		}
		Path file = root.resolve(target.directory()).resolve(target.fileName()).normalize();
		Files.createDirectories(file.getParent());
		Path temp = file.resolveSibling(".upload-" + UUID.randomUUID());
		try {
			long received;
			try (OutputStream out = Files.newOutputStream(temp)) {
				received = pump(body, md5, out);
			}
			byte[] digest = checked(md5, received, target, expectedMd5);
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return digest;
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static byte[] checked(MessageDigest md5, long received, UploadTarget target, byte[] expectedMd5)
			throws IOException {
		if (received != target.expectedSize()) {
			throw new LengthMismatch(received);
		}
		byte[] digest = md5.digest();
		if (expectedMd5 != null && !MessageDigest.isEqual(digest, expectedMd5)) {
			throw new DigestMismatch();
		}
		return digest;
	}

	private static long pump(InputStream in, MessageDigest md5, OutputStream out) throws IOException {
		byte[] buffer = new byte[BUFFER];
		long total = 0;
		int n;
		while ((n = in.read(buffer)) != -1) {
			md5.update(buffer, 0, n);
			if (out != null) {
				out.write(buffer, 0, n);
			}
			total += n;
		}
		return total;
	}

	static MessageDigest newMd5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
