package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks an entry against the file on disk: that it exists, is a readable regular file of the declared
 * size and, when asked, has the declared SHA-256.
 */
final class FileChecks {

	private final boolean verifyChecksums;

	private final byte[] buffer = new byte[64 * 1024];

	FileChecks(boolean verifyChecksums) {
		this.verifyChecksums = verifyChecksums;
	}

	/**
	 * Report what is wrong with the entry's file.
	 * @param sizeChecked whether the declared size is in range, so that comparing it with the file means
	 * something
	 * @param sha256Checked whether the declared SHA-256 is well formed
	 */
	void check(ManifestEntry entry, boolean sizeChecked, boolean sha256Checked, ProblemLog problems) {
		BasicFileAttributes attributes = readableRegularFile(entry, problems);
		if (attributes == null || !sizeChecked) {
			return;
		}
		if (attributes.size() != entry.size()) {
			problems.add(entry, "size", entry.size() + " does not match the file on disk (" + attributes.size()
					+ " bytes); correct the declared size");
			return;
		}
		if (this.verifyChecksums && sha256Checked && entry.sha256() != null) {
			checkDigest(entry, problems);
		}
	}

	private BasicFileAttributes readableRegularFile(ManifestEntry entry, ProblemLog problems) {
		Path file = entry.file();
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (IOException ex) {
			problems.add(entry, "path", file + " does not exist; fix the path or remove the entry");
			return null;
		}
		if (!attributes.isRegularFile()) {
			String what = attributes.isDirectory() ? "a directory" : "not a regular file";
			problems.add(entry, "path", file + " is " + what + "; list regular files only");
			return null;
		}
		if (!Files.isReadable(file)) {
			problems.add(entry, "path", file + " is not readable; check its permissions");
			return null;
		}
		return attributes;
	}

	private void checkDigest(ManifestEntry entry, ProblemLog problems) {
		try {
			String actual = sha256(entry.file());
			if (!actual.equals(entry.sha256())) {
				problems.add(entry, "sha256", entry.sha256() + " does not match the file, whose SHA-256 is " + actual
						+ "; the file changed or the checksum is wrong");
			}
		}
		catch (IOException ex) {
			problems.add(entry, "path", entry.file() + " could not be read: " + ex.getMessage());
		}
	}

	/** Stream the file through the digest, so that a file of any size needs only the buffer. */
	private String sha256(Path file) throws IOException {
		MessageDigest digest = newSha256();
		try (InputStream in = Files.newInputStream(file)) {
			int read = in.read(this.buffer);
			while (read >= 0) {
				digest.update(this.buffer, 0, read);
				read = in.read(this.buffer);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides SHA-256", ex);
		}
	}

}
