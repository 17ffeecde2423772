package ai.avala.pipeline.schedule;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules' last fires on H2 (and on PostgreSQL in {@link ScheduleFiresPostgresTests}): one row per schedule
 * and job file, each fire replacing the last, a refusal with its exit code and line.
 */
@OnPostgres
class ScheduleFiresTests {

	@TempDir
	Path folder;

	private JdbcTemplate jdbc;

	@BeforeEach
	void schema() {
		this.jdbc = new JdbcTemplate(TestDatabase.dataSource(this.folder));
		new ResourceDatabasePopulator(new ClassPathResource("schema-avala.sql")).execute(this.jdbc.getDataSource());
	}

	@Test
	void eachFireReplacesTheLastOneOfItsScheduleAndJobFile() {
		// given
		ScheduleFires fires = new ScheduleFires(this.jdbc, (ex) -> 4, (ex) -> "refused: " + ex.getMessage());
		ScheduleDefinition nightly = schedule("nightly", "/jobs/nightly.yml");
		ScheduleDefinition sameNameOtherJob = schedule("nightly", "/other/nightly.yml");
		// when: a completed fire, then a refused one; another job file's fire of the same name
		fires.ended(ScheduledRun.of(nightly, Instant.parse("2026-12-01T02:00:00Z")), 0);
		fires.refused(ScheduledRun.of(nightly, Instant.parse("2026-12-02T02:00:00Z")),
				new IllegalStateException("template not found"));
		fires.ended(ScheduledRun.of(sameNameOtherJob, Instant.parse("2026-12-02T02:00:00Z")), 5);
		// then
		ScheduleFires.Fire last = ScheduleFires.reader(this.jdbc).last(nightly).orElseThrow();
		assertThat(last.fireTime()).isEqualTo(Instant.parse("2026-12-02T02:00:00Z"));
		assertThat(last.runDate()).isEqualTo("2026-12-02");
		assertThat(last.exitCode()).isEqualTo(4);
		assertThat(last.failure()).isEqualTo("refused: template not found");
		assertThat(ScheduleFires.reader(this.jdbc).last(sameNameOtherJob).orElseThrow().exitCode()).isEqualTo(5);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM AVALA_SCHEDULE_FIRE", Long.class)).isEqualTo(2);
	}

	@Test
	void aLongFailureLineIsCutAndAScheduleNeverFiredHasNoFire() {
		ScheduleFires fires = new ScheduleFires(this.jdbc, (ex) -> 3, Exception::getMessage);
		ScheduleDefinition schedule = schedule("long", "/jobs/long.yml");
		fires.refused(ScheduledRun.of(schedule, Instant.parse("2026-12-01T02:00:00Z")),
				new IllegalStateException("x".repeat(5000)));
		assertThat(fires.last(schedule).orElseThrow().failure()).hasSize(ScheduleFires.MAX_FAILURE);
		assertThat(fires.last(schedule("never", "/jobs/never.yml"))).isEmpty();
	}

	private static ScheduleDefinition schedule(String name, String jobFile) {
		return new ScheduleDefinition(name, Path.of(name + ".yml"), Path.of(jobFile), "0 0 2 * * ?", ZoneOffset.UTC,
				Map.of(), MisfirePolicy.RUN_ONCE, true);
	}

}
