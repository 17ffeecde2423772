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

class ManifestJsonLinesTests {

	@TempDir
	Path folder;

	@Test
	void readsOneEntryPerLine() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"images/1.jpg\", \"size\": 12}",
				"{\"size\": 3, \"name\": \"x.jpg\", \"sha256\": \"" + "CD".repeat(32) + "\", \"path\": \"2.jpg\", \"md5\": \"" + "AB".repeat(16) + "\"}");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).containsExactly(
				new ManifestEntry(1, this.folder.resolve("images/1.jpg"), "images/1.jpg", 12, null, null),
				new ManifestEntry(2, this.folder.resolve("2.jpg"), "x.jpg", 3, "cd".repeat(32), "ab".repeat(16)));
	}

	@Test
	void readsAnNdjsonFileAndTreatsNullOptionalKeysAsAbsent() throws Exception {
		// given
		Path manifest = write("m.ndjson", "{\"path\": \"a.jpg\", \"size\": 1, \"sha256\": null, \"name\": null}");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).containsExactly(new ManifestEntry(1, this.folder.resolve("a.jpg"), "a.jpg", 1, null, null));
	}

	@Test
	void toleratesAByteOrderMarkCrlfLineEndsAndBlankLines() throws Exception {
		// given
		Path manifest = this.folder.resolve("m.jsonl");
		Files.writeString(manifest, "\uFEFF{\"path\": \"a.jpg\", \"size\": 1}\r\n\r\n  \r\n{\"path\": \"b.jpg\", \"size\": 2}\r\n");

		// when
		List<ManifestEntry> entries = readAll(manifest);

		// then
		assertThat(entries).extracting(ManifestEntry::line).containsExactly(1L, 4L);
		assertThat(entries).extracting(ManifestEntry::name).containsExactly("a.jpg", "b.jpg");
	}

	@Test
	void reportsInvalidJsonWithTheColumnJacksonGives() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\", \"size\": 1}", "{\"path\": \"b.jpg\" \"size\": 2}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(2);
		assertThat(error.column()).isEqualTo(18);
		assertThat(error).hasMessageStartingWith(manifest + ":2:18: invalid JSON: ")
			.hasMessageEndingWith("reading stopped at this line because the rest of the manifest cannot be trusted:"
					+ " fix it and run again");
	}

	@Test
	void reportsASizeGivenAsAString() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\", \"size\": \"12\"}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.line()).isEqualTo(1);
		assertThat(error.column()).isEqualTo(27);
		assertThat(error.field()).isEqualTo("size");
		assertThat(error).hasMessageContaining("size must be an integer number of bytes, not a string");
	}

	@Test
	void reportsASizeWithAFraction() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\", \"size\": 1.5}");

		// when / then
		assertThat(syntaxErrorReading(manifest)).hasMessageContaining("not a number with a fraction or exponent");
	}

	@Test
	void reportsAPathThatIsNotAString() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": [\"a.jpg\"], \"size\": 1}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.column()).isEqualTo(10);
		assertThat(error).hasMessageContaining("path must be a string, not an array");
	}

	@Test
	void reportsAnUnknownKey() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\", \"size\": 1, \"crc32\": \"x\"}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.field()).isEqualTo("crc32");
		assertThat(error.column()).isEqualTo(30);
		assertThat(error).hasMessageContaining("unknown key 'crc32'");
	}

	@Test
	void reportsAKeyGivenTwice() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\", \"size\": 1, \"size\": 2}");

		// when / then
		assertThat(syntaxErrorReading(manifest)).hasMessageContaining("key 'size' appears twice");
	}

	@Test
	void reportsAMissingSize() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\"}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.field()).isEqualTo("size");
		assertThat(error).hasMessageContaining("the object has no 'size' key");
	}

	@Test
	void reportsALineThatIsNotAnObject() throws Exception {
		// given
		Path manifest = write("m.jsonl", "[\"a.jpg\", 1]");

		// when / then
		assertThat(syntaxErrorReading(manifest)).hasMessageContaining("expected a JSON object");
	}

	@Test
	void reportsTwoObjectsOnOneLine() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"a.jpg\", \"size\": 1} {\"path\": \"b.jpg\", \"size\": 2}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.column()).isEqualTo(30);
		assertThat(error).hasMessageContaining("unexpected content after the object");
	}

	@Test
	void reportsAnEmptyPath() throws Exception {
		// given
		Path manifest = write("m.jsonl", "{\"path\": \"\", \"size\": 1}");

		// when / then
		ManifestSyntaxException error = syntaxErrorReading(manifest);
		assertThat(error.column()).isEqualTo(10);
		assertThat(error).hasMessageContaining("path is empty");
	}

	private Path write(String name, String... lines) throws IOException {
		Path file = this.folder.resolve(name);
		Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		return file;
	}

}
