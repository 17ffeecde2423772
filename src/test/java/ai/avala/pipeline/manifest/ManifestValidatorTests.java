package ai.avala.pipeline.manifest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

class ManifestValidatorTests {

	@TempDir
	Path folder;

	@Test
	void acceptsAManifestWhoseFilesAllMatch() throws Exception {
		// given
		file("a.jpg", "hello");
		file("b/c.jpg", "hi");
		Path manifest = csv("path,size,sha256", "a.jpg,5," + sha256("hello"), "b/c.jpg,2,");

		// when
		ValidationReport report = validate(manifest, true);

		// then
		assertThat(report.ok()).isTrue();
		assertThat(report).isEqualTo(new ValidationReport(2, 7, 0, List.of()));
	}

	@Test
	void reportsAMissingFile() throws Exception {
		// given
		Path manifest = csv("path,size", "gone.jpg,5");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.ok()).isFalse();
		assertThat(report.shown()).singleElement()
			.hasToString(manifest + ":2: path " + this.folder.resolve("gone.jpg")
					+ " does not exist; fix the path or remove the entry (name: gone.jpg)");
	}

	@Test
	void reportsAPathThatIsADirectory() throws Exception {
		// given
		Files.createDirectories(this.folder.resolve("images"));
		Path manifest = csv("path,size", "images,0");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::field, ManifestProblem::message)
			.containsExactly(tuple("path", this.folder.resolve("images") + " is a directory; list regular files only"));
	}

	@Test
	void reportsAnUnreadableFile() throws Exception {
		// given
		Path file = file("secret.jpg", "x");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
		assumeThat(Files.isReadable(file)).as("permissions are enforced (not running as root)").isFalse();
		Path manifest = csv("path,size", "secret.jpg,1");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::message)
			.containsExactly(file + " is not readable; check its permissions");
	}

	@Test
	void reportsASizeThatDoesNotMatchTheFile() throws Exception {
		// given
		file("a.jpg", "hello");
		Path manifest = csv("path,size", "a.jpg,6");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::line, ManifestProblem::field, ManifestProblem::message)
			.containsExactly(tuple(2L, "size", "6 does not match the file on disk (5 bytes); correct the declared size"));
	}

	@Test
	void reportsNegativeAndOversizedSizesWithoutAlsoReportingAMismatch() throws Exception {
		// given
		file("a.jpg", "hello");
		Path manifest = csv("path,size,name", "a.jpg,-1,a", "a.jpg,5368709121,b");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::field, ManifestProblem::message)
			.containsExactly(tuple("size", "-1 is negative"),
					tuple("size", "5368709121 is over the 5 GiB (5368709120 bytes) limit per file"));
		assertThat(report.totalBytes()).isEqualTo(5368709121L);
	}

	@Test
	void acceptsASizeOfExactlyFiveGibibytes() throws Exception {
		// given
		Path manifest = csv("path,size", "big.bin,5368709120");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::field).containsExactly("path");
	}

	@Test
	void reportsNamesTheServiceRefuses() throws Exception {
		// given
		file("a.jpg", "x");
		Path manifest = csv("path,size,name", "a.jpg,1,/abs.jpg", "a.jpg,1,a/../b.jpg", "a.jpg,1,a//b.jpg",
				"a.jpg,1,a\\b.jpg", "a.jpg,1," + "n".repeat(1025), "a.jpg,1,\"tab\there\"");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.problemCount()).isEqualTo(6);
		assertThat(report.shown()).extracting(ManifestProblem::field).containsOnly("name");
		assertThat(report.shown()).extracting(ManifestProblem::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
	}

	@Test
	void printsEachProblemOnOneLineEvenWhenTheNameHoldsALineBreak() throws Exception {
		// given
		file("a.jpg", "x");
		Path manifest = csv("path,size,name", "a.jpg,1,\"two\nlines.jpg\"");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).singleElement()
			.hasToString(manifest + ":2: name contains the control character U+000A (name: two\\u000Alines.jpg)");
	}

	@Test
	void reportsADuplicateNameWithTheLineOfItsFirstUse() throws Exception {
		// given
		file("a.jpg", "x");
		file("b.jpg", "y");
		Path manifest = csv("path,size,name", "a.jpg,1,same.jpg", "b.jpg,1,other.jpg", "b.jpg,1,same.jpg");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).singleElement()
			.hasToString(manifest + ":4: name repeats the name first listed on line 2; names must be unique"
					+ " (name: same.jpg)");
	}

	@Test
	void reportsAChecksumThatIsNot64HexDigits() throws Exception {
		// given
		file("a.jpg", "x");
		Path manifest = csv("path,size,sha256", "a.jpg,1,abc123");

		// when
		ValidationReport report = validate(manifest, true);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::field, ManifestProblem::message)
			.containsExactly(tuple("sha256", "'abc123' is not 64 hexadecimal digits"));
	}

	@Test
	void reportsAChecksumThatDoesNotMatchTheFileWhenAskedToVerify() throws Exception {
		// given
		file("a.jpg", "hello");
		Path manifest = csv("path,size,sha256", "a.jpg,5," + sha256("olleh"));

		// when
		ValidationReport report = validate(manifest, true);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::field, ManifestProblem::message)
			.containsExactly(tuple("sha256", sha256("olleh") + " does not match the file, whose SHA-256 is "
					+ sha256("hello") + "; the file changed or the checksum is wrong"));
	}

	@Test
	void leavesChecksumsUnreadWhenNotAskedToVerify() throws Exception {
		// given
		file("a.jpg", "hello");
		Path manifest = csv("path,size,sha256", "a.jpg,5," + sha256("olleh"));

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.ok()).isTrue();
	}

	@Test
	void reportsAnEmptyManifestAsAProblem() throws Exception {
		// given
		Path manifest = csv("path,size");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.entries()).isZero();
		assertThat(report.shown()).singleElement()
			.hasToString(manifest + ":0: manifest has no entries; list at least one file (name: <none>)");
	}

	@Test
	void asksForANameWhenAnAbsolutePathLiesOutsideTheManifestFolder() throws Exception {
		// given
		Path outside = file("outside.jpg", "x");
		Path manifest = manifest("sub/m.csv", "path,size,name", outside + ",1,", outside + ",1,named.jpg");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::line, ManifestProblem::field, ManifestProblem::message)
			.containsExactly(tuple(2L, "name", "is required: " + outside
					+ " is outside the manifest's folder, so give the entry a name"));
	}

	@Test
	void collectsEveryProblemOfEveryLine() throws Exception {
		// given
		file("a.jpg", "hello");
		Path manifest = csv("path,size,sha256,name", "a.jpg,4,,x//y", "missing.jpg,1,zz,", "a.jpg,5,,x//y");

		// when
		ValidationReport report = validate(manifest, false);

		// then
		assertThat(report.shown()).extracting(ManifestProblem::line, ManifestProblem::field)
			.containsExactly(tuple(2L, "name"), tuple(2L, "size"), tuple(3L, "sha256"), tuple(3L, "path"),
					tuple(4L, "name"), tuple(4L, "name"));
		assertThat(report.problemCount()).isEqualTo(6);
	}

	@Test
	void showsOnlyTheFirstProblemsButCountsThemAll() throws Exception {
		// given
		Path manifest = csv("path,size", "1.jpg,1", "2.jpg,1", "3.jpg,1", "4.jpg,1", "5.jpg,1");

		// when
		ValidationReport report = new ManifestValidator(2, false).validate(Manifest.open(manifest));

		// then
		assertThat(report.problemCount()).isEqualTo(5);
		assertThat(report.shown()).extracting(ManifestProblem::line).containsExactly(2L, 3L);
	}

	@Test
	void stopsAtAMalformedLine() throws Exception {
		// given
		Path manifest = csv("path,size", "1.jpg,1", "2.jpg,two", "3.jpg,3");

		// when / then
		assertThatExceptionOfType(ManifestSyntaxException.class)
			.isThrownBy(() -> validate(manifest, false))
			.withMessageContaining(":3:2: column 2 (size)")
			.withMessageContaining("reading stopped at this line because the rest of the manifest cannot be trusted");
	}

	@Test
	void validatesAJsonLinesManifestAndADirectoryTheSameWay() throws Exception {
		// given
		file("d/a.jpg", "hello");
		Path jsonLines = manifest("m.jsonl", "{\"path\": \"d/a.jpg\", \"size\": 4}");

		// when
		ValidationReport fromJson = validate(jsonLines, false);
		ValidationReport fromFolder = validate(this.folder.resolve("d"), false);

		// then
		assertThat(fromJson.shown()).extracting(ManifestProblem::field).containsExactly("size");
		assertThat(fromFolder).isEqualTo(new ValidationReport(1, 5, 0, List.of()));
	}

	@Test
	void streamsAManifestOf200000EntriesAndCapsTheProblemsShown() throws Exception {
		// given
		int entries = 200_000;
		Path manifest = this.folder.resolve("big.csv");
		try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
			out.write("path,size,name\n");
			for (int i = 0; i < entries; i++) {
				out.write("files/" + i + ".jpg," + i + ",\n");
			}
		}

		// when
		ValidationReport report = new ManifestValidator(50, false).validate(Manifest.open(manifest));

		// then
		assertThat(report.entries()).isEqualTo(entries);
		assertThat(report.problemCount()).isEqualTo(entries);
		assertThat(report.shown()).hasSize(50).allSatisfy((problem) -> assertThat(problem.field()).isEqualTo("path"));
		assertThat(report.shown().get(49).line()).isEqualTo(51);
		assertThat(report.totalBytes()).isEqualTo((long) entries * (entries - 1) / 2);
	}

	private ValidationReport validate(Path manifest, boolean verifyChecksums) throws ManifestException {
		return new ManifestValidator(50, verifyChecksums).validate(Manifest.open(manifest));
	}

	private Path csv(String... lines) throws IOException {
		return manifest("m.csv", lines);
	}

	private Path manifest(String name, String... lines) throws IOException {
		Path manifest = this.folder.resolve(name);
		Files.createDirectories(manifest.getParent());
		return Files.writeString(manifest, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
	}

	private Path file(String name, String content) throws IOException {
		Path file = this.folder.resolve(name);
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content, StandardCharsets.UTF_8);
	}

	private static String sha256(String content) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest);
	}

}
