package ai.avala.pipeline.manifest;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ManifestTests {

	@TempDir
	Path folder;

	@Test
	void refusesAManifestThatDoesNotExist() {
		// given
		Path missing = this.folder.resolve("missing.csv");

		// when / then
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> Manifest.open(missing))
			.withMessage("manifest " + missing + " does not exist; check the path");
	}

	@Test
	void refusesAFileOfAnUnsupportedType() throws Exception {
		// given
		Path manifest = Files.writeString(this.folder.resolve("files.txt"), "a.jpg\n");

		// when / then
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> Manifest.open(manifest))
			.withMessageStartingWith("unsupported manifest type: " + manifest);
	}

	@Test
	void refusesAManifestThatIsNotValidUtf8() throws Exception {
		// given
		Path manifest = Files.write(this.folder.resolve("m.csv"), new byte[] { 'p', (byte) 0xC3, '\n' });

		// when / then
		assertThatExceptionOfType(ManifestException.class).isThrownBy(() -> Manifest.open(manifest))
			.withMessageContaining("is not valid UTF-8");
	}

	@Test
	void recognisesTheFormatRegardlessOfTheExtensionsCase() throws Exception {
		// given
		Path manifest = Files.writeString(this.folder.resolve("M.JSONL"), "{\"path\": \"a\", \"size\": 1}\n");

		// when
		Manifest opened = Manifest.open(manifest);

		// then
		try (ManifestCursor cursor = opened.cursor()) {
			assertThat(cursor.next().name()).isEqualTo("a");
		}
	}

	@Test
	void givesItsAbsoluteNormalisedLocation() throws Exception {
		// given
		Files.createDirectories(this.folder.resolve("sub"));

		// when
		Manifest manifest = Manifest.open(this.folder.resolve("sub/../sub"));

		// then
		assertThat(manifest.location()).isEqualTo(this.folder.resolve("sub")).isAbsolute();
	}

}
