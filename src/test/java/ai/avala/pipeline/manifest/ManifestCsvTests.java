package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static ai.avala.pipeline.manifest.ManifestReading.readAll;
import static ai.avala.pipeline.manifest.ManifestReading.syntaxErrorReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class ManifestCsvTests {

	@TempDir
	Path folder;

	@Test
	void readsColumnsInAnyOrderAndResolvesPathsAgainstTheManifestFolder() throws Exception {
		// given
		String sha = "AB".repeat(32);
		Path manifest = write("m.csv", "name,sha256,size,path", "cat.jpg," + sha + ",12,images/1.jpg");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).containsExactly(
				new ManifestEntry(2, this.folder.resolve("images/1.jpg"), "cat.jpg", 12, "ab".repeat(32), null));
	}

	@Test
	void readsAnMd5ColumnInLowerCase() throws Exception {
		// given
		Path manifest = write("m.csv", "path,md5,size", "a.jpg," + "EF".repeat(16) + ",3", "b.jpg,,4");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).extracting(ManifestEntry::md5).containsExactly("ef".repeat(16), null);
	}

	@Test
	void namesAnEntryByItsPathRelativeToTheManifestFolderWhenNoNameIsGiven() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size,name", "./a/../b/c.jpg,1,", this.folder.resolve("d/e.jpg") + ",2,");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).extracting(ManifestEntry::name).containsExactly("b/c.jpg", "d/e.jpg");
		assertThat(entries).extracting(ManifestEntry::sha256).containsOnlyNulls();
	}

	@Test
	void leavesTheNameEmptyForAnAbsolutePathOutsideTheManifestFolder() throws Exception {
		// given
		Path manifest = write("sub/m.csv", "path,size", this.folder.resolve("outside.jpg") + ",3");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry.name()).isNull();
			assertThat(entry.file()).isEqualTo(this.folder.resolve("outside.jpg"));
		});
	}

	@Test
	void toleratesAByteOrderMarkAndCrlfLineEnds() throws Exception {
		// given
		Path manifest = this.folder.resolve("m.csv");
		Files.writeString(manifest, "\uFEFFpath,size\r\na.jpg,1\r\nb.jpg,2\r\n");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).extracting(ManifestEntry::line, ManifestEntry::name)
			.containsExactly(tuple(2L, "a.jpg"),
					tuple(3L, "b.jpg"));
	}

	@Test
	void readsQuotedFieldsHoldingCommasQuotesAndLineBreaks() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size,name", "\"a,b.jpg\",1,\"say \"\"hi\"\".jpg\"",
				"\"two", "lines.jpg\",2,", "c.jpg,3,");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).extracting(ManifestEntry::name).containsExactly("say \"hi\".jpg", "two\nlines.jpg", "c.jpg");
		assertThat(entries).extracting(ManifestEntry::line).containsExactly(2L, 3L, 5L);
		assertThat(entries.get(0).file()).isEqualTo(this.folder.resolve("a,b.jpg"));
	}

	@Test
	void skipsBlankLinesAndKeepsCountingLines() throws Exception {
		// given
		Path manifest = write("m.csv", "", "path,size", "", "a.jpg,1", "   ", "b.jpg,2", "");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).extracting(ManifestEntry::line).containsExactly(4L, 6L);
	}

	@Test
	void startsEveryCursorFromTheFirstEntry() throws Exception {
		// given
		Manifest manifest = Manifest.open(write("m.csv", "path,size", "a.jpg,1", "b.jpg,2"));
		try (ManifestCursor first = manifest.cursor()) {
			first.next();
		}

		// when
		try (ManifestCursor second = manifest.cursor()) {

			// then
			assertThat(second.next().name()).isEqualTo("a.jpg");
		}
	}

	@Test
	void refusesAnUnknownColumnWhenOpened() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size,checksum", "a.jpg,1,x");

		// when / then
		assertThatExceptionOfType(ManifestSyntaxException.class).isThrownBy(() -> Manifest.open(manifest))
			.withMessageContaining(":1:3: column 3: unknown column 'checksum'")
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(1));
	}

	@Test
	void refusesAHeaderWithoutASizeColumnWhenOpened() throws Exception {
		// given
		Path manifest = write("m.csv", "path,name", "a.jpg,a");

		// when / then
		assertThatExceptionOfType(ManifestSyntaxException.class).isThrownBy(() -> Manifest.open(manifest))
			.withMessageContaining("the header has no 'size' column");
	}

	@Test
	void refusesAColumnNamedTwice() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size,path");

		// when / then
		assertThatExceptionOfType(ManifestSyntaxException.class).isThrownBy(() -> Manifest.open(manifest))
			.withMessageContaining("column 'path' appears twice");
	}

	@Test
	void refusesAnEmptyFileWhenOpened() throws Exception {
		// given
		Path manifest = write("m.csv", "", "");

		// when / then
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> Manifest.open(manifest))
			.withMessageContaining("is empty; a CSV manifest starts with a header row");
	}

	@Test
	void reportsTheLineColumnAndHeaderOfASizeThatIsNotAnInteger() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size", "a.jpg,1", "b.jpg,12kb");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(3);
		assertThat(error.column()).isEqualTo(2);
		assertThat(error.field()).isEqualTo("size");
		assertThat(error).hasMessage(manifest + ":3:2: column 2 (size): '12kb' is not an integer; size is the"
				+ " file's length in bytes; reading stopped at this line because the rest of the manifest"
				+ " cannot be trusted: fix it and run again");
	}

	@Test
	void reportsALineWithTooManyFields() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size", "a,b.jpg,1");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(2);
		assertThat(error.column()).isEqualTo(3);
		assertThat(error).hasMessageContaining("the line has 3 fields but the header has 2 (path,size)");
	}

	@Test
	void reportsALineWithTooFewFields() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size,name", "a.jpg,1");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.column()).isEqualTo(3);
		assertThat(error.field()).isEqualTo("name");
	}

	@Test
	void reportsAQuoteInsideAnUnquotedField() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size", "a\"b.jpg,1");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(2);
		assertThat(error.column()).isEqualTo(1);
		assertThat(error.field()).isEqualTo("path");
		assertThat(error).hasMessageContaining("a quote inside an unquoted field");
	}

	@Test
	void reportsTextAfterAClosingQuote() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size", "a.jpg,\"1\"2");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.column()).isEqualTo(2);
		assertThat(error).hasMessageContaining("unexpected '2' after a closing quote");
	}

	@Test
	void reportsTheLineWhereAQuoteThatIsNeverClosedOpened() throws Exception {
		// given
		Path manifest = write("m.csv", "path,size", "a.jpg,1", "\"b.jpg,2", "c.jpg,3");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(3);
		assertThat(error.column()).isEqualTo(1);
		assertThat(error).hasMessageContaining("the quoted field opened on line 3 is never closed");
	}

	@Test
	void stopsAQuoteThatIsNeverClosedFromSwallowingTheWholeFile() throws Exception {
		// given
		String manyLines = "x.jpg,1\n".repeat(CsvRecordReader.MAX_FIELD_CHARS / 8 + 1);
		Path manifest = write("m.csv", "path,size", "\"a.jpg,1", manyLines);

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(2);
		assertThat(error).hasMessageContaining("a field is longer than 65536 characters");
	}

	private Path write(String name, String... lines) throws IOException {
		Path file = this.folder.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		return file;
	}

}
