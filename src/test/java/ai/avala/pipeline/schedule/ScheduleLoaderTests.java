package ai.avala.pipeline.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScheduleLoaderTests {

	@TempDir
	Path folder;

	@BeforeEach
	void jobFile() throws IOException {
		Files.createDirectories(this.folder.resolve("jobs"));
		Files.writeString(this.folder.resolve("jobs/nightly.yml"), """
				name: nightly
				manifest: data/manifest.csv
				templateProjectUid: tpl-1
				""");
		Files.createDirectories(this.folder.resolve("schedules"));
	}

	@Test
	void readsEveryFieldAndResolvesTheJobAgainstTheScheduleFile() throws IOException {
		// given
		Path file = schedule("nightly.yml", """
				name: night-run
				job: ../jobs/nightly.yml
				cron: "0 30 2 * * ?"
				timeZone: Europe/Berlin
				parameters:
				  poll:
				    interval: 10s
				  upload.concurrency: 4
				misfire: skip
				enabled: false
				""");
		// when
		ScheduleDefinition schedule = ScheduleLoader.load(file);
		// then
		assertThat(schedule.name()).isEqualTo("night-run");
		assertThat(schedule.file()).isEqualTo(file);
		assertThat(schedule.jobFile()).isEqualTo(this.folder.resolve("jobs/nightly.yml"));
		assertThat(schedule.cron()).isEqualTo("0 30 2 * * ?");
		assertThat(schedule.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(schedule.parameters()).containsExactly(Map.entry("poll.interval", "10s"),
				Map.entry("upload.concurrency", "4"));
		assertThat(schedule.misfire()).isEqualTo(MisfirePolicy.SKIP);
		assertThat(schedule.enabled()).isFalse();
	}

	@Test
	void defaultsNameToTheFileNameZoneToUtcMisfireToRunOnceAndEnabledToTrue() throws IOException {
		// given
		Path file = schedule("hourly.yaml", """
				job: ../jobs/nightly.yml
				cron: "0 0 * * * ?"
				""");
		// when
		ScheduleDefinition schedule = ScheduleLoader.load(file);
		// then
		assertThat(schedule.name()).isEqualTo("hourly");
		assertThat(schedule.timeZone()).isEqualTo(ZoneOffset.UTC);
		assertThat(schedule.parameters()).isEmpty();
		assertThat(schedule.misfire()).isEqualTo(MisfirePolicy.RUN_ONCE);
		assertThat(schedule.enabled()).isTrue();
	}

	@Test
	void loadsEveryScheduleFileOfTheFolderInNameOrderAndIgnoresOtherFiles() throws IOException {
		// given
		schedule("b.yml", valid());
		schedule("a.yaml", valid());
		schedule("README.md", "# not a schedule");
		// when
		List<ScheduleDefinition> schedules = ScheduleLoader.loadAll(this.folder.resolve("schedules"));
		// then
		assertThat(schedules).extracting(ScheduleDefinition::name).containsExactly("a", "b");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			unknown key        | 'crontab: x'                  | unknown key 'crontab'; known keys: name, job, cron, timeZone
			bad cron           | 'cron: "0 0 25 * * ?"'        | cron '0 0 25 * * ?' is not a Quartz cron expression
			five-field cron    | 'cron: "0 2 * * *"'           | cron '0 2 * * *' is not a Quartz cron expression
			cron in the past   | 'cron: "0 0 0 1 1 ? 2001"'    | cron '0 0 0 1 1 ? 2001' never fires again
			bad zone           | 'timeZone: Mars/Olympus'      | timeZone 'Mars/Olympus' is not an IANA time zone
			bad misfire        | 'misfire: catch-up'           | misfire 'catch-up' must be run-once or skip
			enabled not a flag | 'enabled: sometimes'          | enabled must be true or false, was 'sometimes'
			bad name           | 'name: night run'             | name 'night run' must be 1-100 letters
			unknown parameter  | 'parameters: {colour: red}'   | parameters.colour is not a job parameter
			runDate parameter  | 'parameters: {runDate: 2026-01-01}' | parameters.runDate cannot be set
			bad parameter value| 'parameters: {poll.interval: soon}' | job is invalid: 
			parameters a list  | 'parameters: [a, b]'          | parameters must be a mapping
			""")
	void refusesABadFieldNamingTheFileAndTheField(String problem, String line, String message) throws IOException {
		// given
		String key = line.substring(0, line.indexOf(':'));
		String yaml = valid().lines().filter((l) -> !l.startsWith(key + ":")).reduce("", (a, b) -> a + b + "\n") + line;
		Path file = schedule("broken.yml", yaml);
		// when / then
		assertThatExceptionOfType(ScheduleDefinitionException.class).isThrownBy(() -> ScheduleLoader.load(file))
			.withMessageStartingWith(file + ": ")
			.withMessageContaining(message)
			.withMessageNotContaining("\n");
	}

	@Test
	void refusesAMissingJobFileNamingWhereItLooked() throws IOException {
		// given
		Path file = schedule("lost.yml", """
				job: ../jobs/missing.yml
				cron: "0 0 2 * * ?"
				""");
		// when / then
		assertThatExceptionOfType(ScheduleDefinitionException.class).isThrownBy(() -> ScheduleLoader.load(file))
			.withMessage(file + ": job '../jobs/missing.yml' not found (looked for " + this.folder.resolve("jobs/missing.yml")
					+ "; relative paths start at the schedule file's folder)");
	}

	@Test
	void refusesAMissingRequiredField() throws IOException {
		// given
		Path file = schedule("nocron.yml", "job: ../jobs/nightly.yml\n");
		// when / then
		assertThatExceptionOfType(ScheduleDefinitionException.class).isThrownBy(() -> ScheduleLoader.load(file))
			.withMessage(file + ": cron is required");
	}

	@Test
	void refusesInvalidYamlWithLineAndColumn() throws IOException {
		// given
		Path file = schedule("syntax.yml", "job: ../jobs/nightly.yml\ncron: \"0 0 2 * * ?\n");
		// when / then
		assertThatExceptionOfType(ScheduleDefinitionException.class).isThrownBy(() -> ScheduleLoader.load(file))
			.withMessageStartingWith(file + ":3:1: invalid YAML");
	}

	@Test
	void refusesTwoSchedulesWithTheSameName() throws IOException {
		// given
		schedule("a.yml", valid());
		Path second = schedule("b.yml", "name: a\n" + valid());
		// when / then
		assertThatExceptionOfType(ScheduleDefinitionException.class)
			.isThrownBy(() -> ScheduleLoader.loadAll(this.folder.resolve("schedules")))
			.withMessageStartingWith(second + ": name 'a' is already used by ");
	}

	@Test
	void refusesAMissingFolder() {
		assertThatExceptionOfType(ScheduleDefinitionException.class)
			.isThrownBy(() -> ScheduleLoader.loadAll(this.folder.resolve("nowhere")))
			.withMessageContaining("schedules folder not found");
	}

	private static String valid() {
		return """
				job: ../jobs/nightly.yml
				cron: "0 0 2 * * ?"
				""";
	}

	private Path schedule(String name, String yaml) throws IOException {
		return Files.writeString(this.folder.resolve("schedules").resolve(name), yaml);
	}

}
