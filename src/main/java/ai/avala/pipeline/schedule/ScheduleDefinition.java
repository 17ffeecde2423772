package ai.avala.pipeline.schedule;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * One schedule, as read from a file in {@code schedules/}: which job file runs, when (a Quartz cron in an IANA
 * time zone), with which job parameters, and what to do about missed fires. Immutable; built and validated by
 * {@link ScheduleLoader}.
 *
 * @param name the schedule's name (the file name unless the file sets one); unique among the schedules
 * @param file the schedule file it was read from
 * @param jobFile the job definition it runs, absolute
 * @param cron the Quartz cron expression (seconds first)
 * @param timeZone the zone the cron is read in, and in which a fire's date becomes the run's {@code runDate}
 * @param parameters job parameters overriding job-file keys (for example {@code poll.interval})
 * @param misfire what to do with fires missed while the scheduler was down
 * @param enabled whether the scheduler registers it (a disabled schedule can still be run by hand)
 */
public record ScheduleDefinition(String name, Path file, Path jobFile, String cron, ZoneId timeZone,
		Map<String, String> parameters, MisfirePolicy misfire, boolean enabled) {

	public ScheduleDefinition {
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/** This schedule with one more parameter, unless it sets that one itself. */
	public ScheduleDefinition withDefaultParameter(String key, String value) {
		Map<String, String> all = new LinkedHashMap<>(this.parameters);
		all.putIfAbsent(key, value);
		return new ScheduleDefinition(this.name, this.file, this.jobFile, this.cron, this.timeZone, all, this.misfire,
				this.enabled);
	}

	/** The run date of a fire: the fire time's date in this schedule's zone. */
	public LocalDate runDate(Instant fireTime) {
		return fireTime.atZone(this.timeZone).toLocalDate();
	}

	/** The next {@code count} fire times strictly after {@code after}, in this schedule's zone. */
	public List<ZonedDateTime> nextFireTimes(Instant after, int count) {
		CronExpression expression = cronExpression();
		List<ZonedDateTime> times = new ArrayList<>();
		Date next = Date.from(after);
		while (times.size() < count && (next = expression.getNextValidTimeAfter(next)) != null) {
			times.add(next.toInstant().atZone(this.timeZone));
		}
		return times;
	}

	CronExpression cronExpression() {
		try {
			CronExpression expression = new CronExpression(this.cron);
			expression.setTimeZone(TimeZone.getTimeZone(this.timeZone));
			return expression;
		}
		catch (java.text.ParseException ex) {
			throw new ScheduleDefinitionException(this.file + ": cron '" + this.cron + "' " + ex.getMessage());
		}
	}

}
