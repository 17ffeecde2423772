package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static ai.avala.pipeline.manifest.ManifestReading.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ManifestDirectoryTests {

	@TempDir
	Path folder;

	@Test
	void listsRegularFilesInTheOrderOfTheirRelativePaths() throws Exception {
		// given
		file("b/c/d.bin", 4);
		file("a/b.txt", 2);
		file("a.txt", 1);
		file("a-b.txt", 3);

		// when
		List<ManifestEntry> entries = readAll(this.folder);

		// then
		assertThat(entries).extracting(ManifestEntry::line, ManifestEntry::name, ManifestEntry::size)
			.containsExactly(tuple(1L, "a-b.txt", 3L), tuple(2L, "a.txt", 1L), tuple(3L, "a/b.txt", 2L),
					tuple(4L, "b/c/d.bin", 4L));
		assertThat(entries.get(3).file()).isEqualTo(this.folder.resolve("b/c/d.bin"));
		assertThat(entries).extracting(ManifestEntry::sha256).containsOnlyNulls();
	}

	@Test
	void skipsHiddenFilesAndFolders() throws Exception {
		// given
		file(".DS_Store", 1);
		file(".git/config", 1);
		file("images/.thumbs", 1);
		file("images/1.jpg", 1);

		// when
		List<ManifestEntry> entries = readAll(this.folder);

		// then
		assertThat(entries).extracting(ManifestEntry::name).containsExactly("images/1.jpg");
	}

	@Test
	void followsLinksButNotIntoALoop() throws Exception {
		// given
		file("data/1.jpg", 1);
		Path shared = file("elsewhere/shared.jpg", 2);
		Files.createSymbolicLink(this.folder.resolve("data/loop"), this.folder.resolve("data"));
		Files.createSymbolicLink(this.folder.resolve("data/shared.jpg"), shared);

		// when
		List<ManifestEntry> entries = readAll(this.folder.resolve("data"));

		// then
		assertThat(entries).extracting(ManifestEntry::name, ManifestEntry::size)
			.containsExactly(tuple("1.jpg", 1L), tuple("shared.jpg", 2L));
	}

	@Test
	void listsNothingForAnEmptyFolder() throws Exception {
		// given
		Files.createDirectories(this.folder.resolve("empty/sub"));

		// when
		List<ManifestEntry> entries = readAll(this.folder.resolve("empty"));

		// then
		assertThat(entries).isEmpty();
	}

	private Path file(String name, int size) throws IOException {
		Path file = this.folder.resolve(name);
		Files.createDirectories(file.getParent());
		return Files.write(file, new byte[size]);
	}

}
