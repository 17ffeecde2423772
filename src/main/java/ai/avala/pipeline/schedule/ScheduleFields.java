package ai.avala.pipeline.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.definition.JobDefinitionException;
import ai.avala.pipeline.definition.JobDefinitionLoader;
import ai.avala.pipeline.lifecycle.RunParameters;

import org.quartz.CronExpression;

/** Reads and checks each field of one schedule file; every message names the file and the field. */
final class ScheduleFields {

	static final List<String> KEYS = List.of("name", "job", "cron", "timeZone", "parameters", "misfire", "enabled");

	private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

	private final Path file;

	private final Map<?, ?> values;

	ScheduleFields(Path file, Map<?, ?> values) {
		this.file = file;
		this.values = values;
	}

	ScheduleDefinition definition() {
		this.values.keySet().forEach(this::requireKnown);
		String cron = cron();
		ZoneId zone = zone();
		Path jobFile = jobFile();
		Map<String, String> parameters = parameters();
		checkJobFile(jobFile, parameters);
		ScheduleDefinition schedule = new ScheduleDefinition(name(), this.file, jobFile, cron, zone, parameters,
				misfire(), enabled());
		if (schedule.nextFireTimes(Instant.now(), 1).isEmpty()) {
			throw fail("cron", "'" + cron + "' never fires again");
		}
		return schedule;
	}

	private void requireKnown(Object key) {
		if (!KEYS.contains(String.valueOf(key))) {
			throw new ScheduleDefinitionException(this.file + ": unknown key '" + key + "'; known keys: "
					+ String.join(", ", KEYS));
		}
	}

	private String name() {
		String fileName = this.file.getFileName().toString();
		String name = optionalText("name", fileName.substring(0, fileName.lastIndexOf('.')));
		if (!name.matches(NAME_PATTERN)) {
			throw fail("name", "'" + name + "' must be 1-100 letters, digits, '.', '_' or '-'");
		}
		return name;
	}

	private Path jobFile() {
		String job = requiredText("job");
		Path jobFile = this.file.toAbsolutePath().getParent().resolve(job).normalize();
		if (!Files.isRegularFile(jobFile)) {
			throw fail("job", "'" + job + "' not found (looked for " + jobFile + "; relative paths start at the "
					+ "schedule file's folder)");
		}
		return jobFile;
	}

	/** The job file must load with the schedule's parameters now, not first at 2 a.m. */
	private void checkJobFile(Path jobFile, Map<String, String> parameters) {
		try {
			JobDefinitionLoader.load(jobFile, parameters);
		}
		catch (JobDefinitionException ex) {
			throw fail("job", "is invalid: " + ex.getMessage());
		}
	}

	private String cron() {
		String cron = requiredText("cron");
		try {
			CronExpression.validateExpression(cron);
		}
		catch (java.text.ParseException ex) {
			throw fail("cron", "'" + cron + "' is not a Quartz cron expression (" + ex.getMessage() + "); write six "
					+ "or seven fields, seconds first, e.g. '0 0 2 * * ?' for 02:00 every day");
		}
		return cron;
	}

	private ZoneId zone() {
		String zone = optionalText("timeZone", "UTC");
		try {
			return (zone.equals("UTC")) ? ZoneOffset.UTC : ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw fail("timeZone", "'" + zone + "' is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)");
		}
	}

	private MisfirePolicy misfire() {
		String word = optionalText("misfire", MisfirePolicy.RUN_ONCE.word());
		return MisfirePolicy.of(word)
			.orElseThrow(() -> fail("misfire", "'" + word + "' must be run-once or skip"));
	}

	private boolean enabled() {
		Object value = this.values.get("enabled");
		if (value == null) {
			return true;
		}
		if (!(value instanceof Boolean enabled)) {
			throw fail("enabled", "must be true or false, was '" + value + "'");
		}
		return enabled;
	}

	private Map<String, String> parameters() {
		Object value = this.values.get("parameters");
		Map<String, String> parameters = new LinkedHashMap<>();
		if (value == null) {
			return parameters;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw fail("parameters", "must be a mapping of job parameters (key: value), found "
					+ ScheduleLoader.describe(value));
		}
		flatten("", map, parameters);
		return parameters;
	}

	private void flatten(String prefix, Map<?, ?> map, Map<String, String> flat) {
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String key = prefix + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested) {
				flatten(key + ".", nested, flat);
				continue;
			}
			requireParameter(key, entry.getValue());
			flat.put(key, entry.getValue().toString());
		}
	}

	private void requireParameter(String key, Object value) {
		String field = "parameters." + key;
		if (key.equals(RunParameters.RUN_DATE)) {
			throw fail(field, "cannot be set: each fire's runDate is the fire time's date in timeZone");
		}
		if (!JobDefinitionLoader.KEYS.contains(key)) {
			throw fail(field, "is not a job parameter; known: "
					+ String.join(", ", JobDefinitionLoader.KEYS.stream().sorted().toList()));
		}
		if (value == null || value instanceof Iterable<?>) {
			throw fail(field, "must be a single value, found " + ScheduleLoader.describe(value));
		}
	}

	private String requiredText(String key) {
		String value = optionalText(key, null);
		if (value == null) {
			throw fail(key, "is required");
		}
		return value;
	}

	private String optionalText(String key, String fallback) {
		Object value = this.values.get(key);
		if (value == null) {
			return fallback;
		}
		if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
			throw fail(key, "must be a single value, found " + ScheduleLoader.describe(value));
		}
		String text = value.toString().strip();
		return text.isEmpty() ? fallback : text;
	}

	private ScheduleDefinitionException fail(String field, String problem) {
		return new ScheduleDefinitionException(this.file + ": " + field + " " + problem);
	}

}
