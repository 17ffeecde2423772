package ai.avala.pipeline.schedule;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleDefinitionTests {

	@Test
	void nextFireTimesFollowTheCronInTheSchedulesZone() {
		// given: 02:00 Berlin; at 2026-11-29T00:30Z it is 01:30 in Berlin (UTC+1)
		ScheduleDefinition schedule = schedule("0 0 2 * * ?", "Europe/Berlin");
		// when
		var times = schedule.nextFireTimes(Instant.parse("2026-11-29T00:30:00Z"), 3);
		// then
		assertThat(times).extracting(ZonedDateTime::toInstant)
			.containsExactly(Instant.parse("2026-11-29T01:00:00Z"), Instant.parse("2026-11-30T01:00:00Z"),
					Instant.parse("2026-12-01T01:00:00Z"));
		assertThat(times).allSatisfy((time) -> assertThat(time.getZone()).isEqualTo(ZoneId.of("Europe/Berlin")));
	}

	@Test
	void nextFireTimesKeepTheLocalTimeAcrossADaylightSavingChange() {
		// given: Berlin leaves summer time on 2026-10-25
		ScheduleDefinition schedule = schedule("0 0 2 * * ?", "Europe/Berlin");
		// when
		var times = schedule.nextFireTimes(Instant.parse("2026-10-23T12:00:00Z"), 3);
		// then
		assertThat(times).extracting(ZonedDateTime::toInstant)
			.containsExactly(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-25T01:00:00Z"),
					Instant.parse("2026-10-26T01:00:00Z"));
	}

	@Test
	void runDateIsTheFireTimesDateInTheSchedulesZone() {
		// given: 23:30 UTC on the 28th is already the 29th in Auckland and still the 28th in New York
		Instant fireTime = Instant.parse("2026-11-28T23:30:00Z");
		// when / then
		assertThat(schedule("0 30 23 * * ?", "Pacific/Auckland").runDate(fireTime)).isEqualTo(LocalDate.of(2026, 11, 29));
		assertThat(schedule("0 30 23 * * ?", "America/New_York").runDate(fireTime)).isEqualTo(LocalDate.of(2026, 11, 28));
		assertThat(schedule("0 30 23 * * ?", "UTC").runDate(fireTime)).isEqualTo(LocalDate.of(2026, 11, 28));
	}

	@Test
	void aDefaultParameterDoesNotReplaceOneTheScheduleSets() {
		// given
		ScheduleDefinition schedule = new ScheduleDefinition("s", Path.of("s.yml"), Path.of("/jobs/j.yml"), "0 0 2 * * ?",
				ZoneOffset.UTC, Map.of("templateProjectUid", "mine"), MisfirePolicy.SKIP, true);
		// when
		ScheduleDefinition adapted = schedule.withDefaultParameter("templateProjectUid", "sandbox")
			.withDefaultParameter("poll.interval", "1s");
		// then
		assertThat(adapted.parameters()).containsEntry("templateProjectUid", "mine").containsEntry("poll.interval", "1s");
	}

	static ScheduleDefinition schedule(String cron, String zone) {
		return new ScheduleDefinition("s", Path.of("s.yml"), Path.of("/jobs/j.yml"), cron, ZoneId.of(zone), Map.of(),
				MisfirePolicy.RUN_ONCE, true);
	}

}
