package ai.avala.pipeline.manifest;

import java.util.regex.Pattern;

/**
 * Reads every entry of a manifest and collects every problem that would make the upload fail or upload
 * the wrong thing: missing or unreadable files, sizes that are out of range or do not match the file,
 * names the service refuses (see {@link ManifestNames}) or that repeat, malformed or (optionally)
 * mismatched SHA-256 checksums. A manifest with no entries is reported as a problem on line 0, not
 * thrown, so that it shows up in the report like any other.
 * <p>
 * A malformed line ({@link ManifestSyntaxException}) stops validation, since the lines after it cannot
 * be trusted. Memory stays bounded for any number of entries: only the first {@code maxReported}
 * problems are kept and names are remembered as 64-bit hashes.
 */
public final class ManifestValidator {

	/** The service's limit on one file: 5 GiB. */
	public static final long MAX_FILE_BYTES = 5L * 1024 * 1024 * 1024;

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

	private final int maxReported;

	private final boolean verifyChecksums;

	/**
	 * @param maxReported how many problems the report shows (all are counted); 50 is a good default
	 * @param verifyChecksums whether to read every file to compare its SHA-256 with the declared one
	 */
	public ManifestValidator(int maxReported, boolean verifyChecksums) {
		if (maxReported < 0) {
			throw new IllegalArgumentException("maxReported must be 0 or more, not " + maxReported);
		}
		this.maxReported = maxReported;
		this.verifyChecksums = verifyChecksums;
	}

	/**
	 * Validate every entry of a manifest.
	 * @param manifest the manifest to read
	 * @return the counts and the first problems found
	 * @throws ManifestSyntaxException at the first malformed line
	 * @throws ManifestException if the manifest cannot be read
	 */
	public ValidationReport validate(Manifest manifest) throws ManifestException {
		ProblemLog problems = new ProblemLog(manifest.location(), this.maxReported);
		NameIndex names = new NameIndex();
		FileChecks files = new FileChecks(this.verifyChecksums);
		long entries = 0;
		long totalBytes = 0;
		try (ManifestCursor cursor = manifest.cursor()) {
			for (ManifestEntry entry = cursor.next(); entry != null; entry = cursor.next()) {
				entries++;
				totalBytes += Math.max(entry.size(), 0);
				check(entry, names, files, problems);
			}
		}
		if (entries == 0) {
			problems.add(0, "manifest", null, "has no entries; list at least one file");
		}
		return new ValidationReport(entries, totalBytes, problems.count(), problems.shown());
	}

	private void check(ManifestEntry entry, NameIndex names, FileChecks files, ProblemLog problems) {
		checkName(entry, names, problems);
		boolean sizeChecked = checkSize(entry, problems);
		boolean sha256Checked = checkSha256(entry, problems);
		checkMd5(entry, problems);
		files.check(entry, sizeChecked, sha256Checked, problems);
	}

	private void checkName(ManifestEntry entry, NameIndex names, ProblemLog problems) {
		if (entry.name() == null) {
			problems.add(entry, "name", "is required: " + entry.file()
					+ " is outside the manifest's folder, so give the entry a name");
			return;
		}
		String problem = ManifestNames.problem(entry.name());
		if (problem != null) {
			problems.add(entry, "name", problem);
		}
		long firstLine = names.firstLineOf(entry.name(), entry.line());
		if (firstLine != 0) {
			problems.add(entry, "name", "repeats the name first listed on line " + firstLine
					+ "; names must be unique");
		}
	}

	private boolean checkSize(ManifestEntry entry, ProblemLog problems) {
		if (entry.size() < 0) {
			problems.add(entry, "size", entry.size() + " is negative");
			return false;
		}
		if (entry.size() > MAX_FILE_BYTES) {
			problems.add(entry, "size", entry.size() + " is over the 5 GiB (" + MAX_FILE_BYTES
					+ " bytes) limit per file");
			return false;
		}
		return true;
	}

	private boolean checkSha256(ManifestEntry entry, ProblemLog problems) {
		if (entry.sha256() != null && !SHA256.matcher(entry.sha256()).matches()) {
			problems.add(entry, "sha256", "'" + entry.sha256() + "' is not 64 hexadecimal digits");
			return false;
		}
		return true;
	}

	/** Only the format: storage checks the bytes against it ({@code Content-MD5}) when the file is uploaded. */
	private static void checkMd5(ManifestEntry entry, ProblemLog problems) {
		if (entry.md5() != null && !MD5.matcher(entry.md5()).matches()) {
			problems.add(entry, "md5", "'" + entry.md5() + "' is not 32 hexadecimal digits");
		}
	}

}
