package ai.avala.pipeline.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrozenDefinitionTests {

	@TempDir
	Path folder;

	@Test
	void frozenValuesReadBackToTheSameDefinition() throws IOException {
		// given
		JobDefinition loaded = JobDefinitionLoader.load(write(minimal() + "poll:\n  interval: 250ms\n"), Map.of());
		// when
		JobDefinition read = JobDefinitionLoader.fromValues(loaded.source(), loaded.values());
		// then
		assertThat(read).isEqualTo(loaded);
		assertThat(loaded.values()).containsKeys(JobDefinitionLoader.KEYS.toArray(String[]::new));
	}

	@Test
	void aRestartTakesOperationalKeysFromTheJobFileAndItsOverrides() throws IOException {
		// given
		Path jobFile = write(minimal());
		Map<String, String> frozen = JobDefinitionLoader.load(jobFile, Map.of()).values();
		write(minimal() + "poll:\n  timeout: 48h\nexport:\n  directory: elsewhere\n");
		// when
		JobDefinition resumed = FrozenDefinition.resume(jobFile, frozen, Map.of("upload.concurrency", "3"));
		// then
		assertThat(resumed.pollTimeout()).isEqualTo(Duration.ofHours(48));
		assertThat(resumed.uploadConcurrency()).isEqualTo(3);
		assertThat(resumed.exportDirectory()).isEqualTo(this.folder.resolve("elsewhere"));
	}

	@Test
	void aChangedIdentityKeyIsRefusedNamingTheKeyAndBothValues() throws IOException {
		// given
		Path jobFile = write(minimal());
		Map<String, String> frozen = JobDefinitionLoader.load(jobFile, Map.of()).values();
		write(minimal() + "dataType: video\n");
		// when / then
		assertThatExceptionOfType(DefinitionChangedException.class)
			.isThrownBy(() -> FrozenDefinition.resume(jobFile, frozen, Map.of()))
			.withMessage(jobFile + ": dataType changed since this run started: recorded 'images', now 'video'; "
					+ "restore it to resume this run, or start a new run with another runDate");
	}

	@Test
	void anOverrideOfAnIdentityKeyIsRefusedToo() throws IOException {
		Path jobFile = write(minimal());
		Map<String, String> frozen = JobDefinitionLoader.load(jobFile, Map.of()).values();
		assertThatExceptionOfType(DefinitionChangedException.class)
			.isThrownBy(() -> FrozenDefinition.resume(jobFile, frozen, Map.of("templateProjectUid", "other")))
			.withMessageContaining("templateProjectUid changed since this run started: recorded 'tpl', now 'other'");
	}

	@Test
	void aDeletedJobFileResumesFromTheFrozenValues() throws IOException {
		// given
		Path jobFile = write(minimal());
		Map<String, String> frozen = JobDefinitionLoader.load(jobFile, Map.of()).values();
		Files.delete(jobFile);
		// when
		JobDefinition resumed = FrozenDefinition.resume(jobFile, frozen, Map.of("poll.timeout", "5m"));
		// then
		assertThat(resumed.manifest()).isEqualTo(this.folder.resolve("m.csv"));
		assertThat(resumed.templateProjectUid()).isEqualTo("tpl");
		assertThat(resumed.pollTimeout()).isEqualTo(Duration.ofMinutes(5));
	}

	private static String minimal() {
		return "name: demo\nmanifest: m.csv\ntemplateProjectUid: tpl\n";
	}

	private Path write(String yaml) throws IOException {
		return Files.writeString(this.folder.resolve("job.yml"), yaml);
	}

}
