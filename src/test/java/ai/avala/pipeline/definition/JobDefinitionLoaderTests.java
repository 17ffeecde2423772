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

class JobDefinitionLoaderTests {

	@TempDir
	Path folder;

	@Test
	void readsEveryKeyAndResolvesPathsAgainstTheJobFile() throws IOException {
		// given
		Path jobFile = write("""
				name: nightly
				manifest: data/manifest.csv
				dataType: video
				templateProjectUid: tpl-1
				export:
				  format: yolo
				  directory: out
				poll:
				  interval: 10s
				  timeout: 2h
				upload:
				  concurrency: 8
				  flow: per-file
				""");
		// when
		JobDefinition definition = JobDefinitionLoader.load(jobFile, Map.of());
		// then
		assertThat(definition.name()).isEqualTo("nightly");
		assertThat(definition.manifest()).isEqualTo(this.folder.resolve("data/manifest.csv"));
		assertThat(definition.exportDirectory()).isEqualTo(this.folder.resolve("out"));
		assertThat(definition.dataType()).isEqualTo("video");
		assertThat(definition.exportFormat()).isEqualTo("yolo");
		assertThat(definition.pollInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(definition.pollMaxInterval()).isEqualTo(Duration.ofSeconds(100));
		assertThat(definition.pollTimeout()).isEqualTo(Duration.ofHours(2));
		assertThat(definition.uploadConcurrency()).isEqualTo(8);
		assertThat(definition.uploadMaxConcurrency()).as("16 x concurrency (8), at most 256, by default").isEqualTo(128);
		assertThat(definition.uploadFlow()).isEqualTo(JobDefinition.UploadFlow.PER_FILE);
		assertThat(definition.resourceName("2026-11-29")).isEqualTo("nightly-2026-11-29");
	}

	@Test
	void jobParametersOverrideTheFile() throws IOException {
		Path jobFile = write(minimal());
		JobDefinition definition = JobDefinitionLoader.load(jobFile,
				Map.of("poll.interval", "2s", "upload.concurrency", "4"));
		assertThat(definition.pollInterval()).isEqualTo(Duration.ofSeconds(2));
		assertThat(definition.uploadConcurrency()).isEqualTo(4);
	}

	@Test
	void theUploadLimitMayGrowToSixteenTimesTheConcurrencyUpTo256ByDefault() throws IOException {
		Path jobFile = write(minimal());
		assertThat(JobDefinitionLoader.load(jobFile, Map.of("upload.concurrency", "4")).uploadMaxConcurrency())
			.isEqualTo(64);
		assertThat(JobDefinitionLoader.load(jobFile, Map.of("upload.concurrency", "32")).uploadMaxConcurrency())
			.isEqualTo(256);
		assertThat(JobDefinitionLoader.load(jobFile, Map.of("upload.concurrency", "300")).uploadMaxConcurrency())
			.isEqualTo(300);
		assertThat(JobDefinitionLoader.load(jobFile, Map.of("upload.concurrency", "4", "upload.maxConcurrency", "4"))
			.uploadMaxConcurrency()).isEqualTo(4);
	}

	@Test
	void unknownKeyIsRefusedWithFileAndKey() throws IOException {
		Path jobFile = write(minimal() + "exprot:\n  format: coco\n");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageContaining(jobFile.toString())
			.withMessageContaining("unknown key 'exprot.format'");
	}

	@Test
	void unknownOverrideIsRefused() throws IOException {
		Path jobFile = write(minimal());
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of("pol.interval", "3s")))
			.withMessageContaining("unknown job parameter key 'pol.interval'");
	}

	@Test
	void badDurationIsRefused() throws IOException {
		Path jobFile = write(minimal() + "poll:\n  interval: soon\n");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageContaining("poll.interval 'soon' is not a duration");
	}

	@Test
	void wrongTypeIsRefused() throws IOException {
		Path jobFile = write(minimal() + "upload:\n  concurrency: many\n");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageContaining("upload.concurrency 'many' is not a whole number");
	}

	@Test
	void missingRequiredKeyIsRefused() throws IOException {
		Path jobFile = write("name: x\nmanifest: m.csv\n");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageContaining("templateProjectUid is required");
	}

	@Test
	void unknownExportFormatIsRefused() throws IOException {
		Path jobFile = write(minimal() + "export:\n  format: csv\n");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageContaining("export.format 'csv' is not one of");
	}

	@Test
	void invalidYamlNamesLineAndColumn() throws IOException {
		Path jobFile = write("name: [unclosed\n");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageMatching(".*job\\.yml:\\d+:\\d+: invalid YAML.*");
	}

	@Test
	void missingJobFileIsReported() {
		Path jobFile = this.folder.resolve("nope.yml");
		assertThatExceptionOfType(JobDefinitionException.class)
			.isThrownBy(() -> JobDefinitionLoader.load(jobFile, Map.of()))
			.withMessageContaining("job file not found");
	}

	private static String minimal() {
		return "name: demo\nmanifest: m.csv\ntemplateProjectUid: tpl\n";
	}

	private Path write(String yaml) throws IOException {
		return Files.writeString(this.folder.resolve("job.yml"), yaml);
	}

}
