package ai.avala.pipeline.definition;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import org.springframework.boot.convert.DurationStyle;

/**
 * Reads a job file (YAML) and applies overrides given as job parameters ({@code key=value} with the same
 * dotted keys). Strict: an unknown key, a wrong type or a bad duration is refused with the file and key named,
 * before anything is sent to the API.
 */
public final class JobDefinitionLoader {

	/** The adaptive upload limit's default ceiling, at most: see {@code maxConcurrency}. */
	static final int DEFAULT_MAX_CONCURRENCY = 256;

	/** Every key a job file may hold, flattened. */
	public static final Set<String> KEYS = Set.of("name", "manifest", "dataType", "templateProjectUid",
			"export.format", "export.directory", "poll.interval", "poll.maxInterval", "poll.timeout",
			"upload.concurrency", "upload.maxConcurrency", "upload.flow");

	static final Set<String> DATA_TYPES = Set.of("images", "image", "video", "lidar", "mcap", "splat");

	static final Set<String> FORMATS = Set.of("coco", "yolo", "avala_lidar_labels", "avala-json-external");

	private JobDefinitionLoader() {
	}

	public static JobDefinition load(Path jobFile, Map<String, String> overrides) {
		Map<String, String> values = flatten(jobFile, read(jobFile));
		overrides.forEach((key, value) -> {
			requireKnown(jobFile, key, "job parameter ");
			values.put(key, value);
		});
		return new FieldReader(jobFile, values).definition();
	}

	/**
	 * A definition from flattened values such as {@link JobDefinition#values()} wrote, checked like a job file;
	 * {@code jobFile} is where relative paths resolve and what messages name (it need not exist).
	 */
	public static JobDefinition fromValues(Path jobFile, Map<String, String> values) {
		Map<String, String> known = new LinkedHashMap<>();
		values.forEach((key, value) -> {
			requireKnown(jobFile, key, "");
			known.put(key, value);
		});
		return new FieldReader(jobFile, known).definition();
	}

	private static Object read(Path jobFile) {
		try (Reader reader = Files.newBufferedReader(jobFile)) {
			return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (NoSuchFileException ex) {
			throw new JobDefinitionException(jobFile + ": job file not found; check the path");
		}
		catch (IOException ex) {
			throw new JobDefinitionException(jobFile + ": cannot read the job file (" + ex.getMessage() + ")");
		}
		catch (MarkedYAMLException ex) {
			throw new JobDefinitionException(jobFile + ":" + (ex.getProblemMark().getLine() + 1) + ":"
					+ (ex.getProblemMark().getColumn() + 1) + ": invalid YAML: " + ex.getProblem());
		}
		catch (YAMLException ex) {
			throw new JobDefinitionException(jobFile + ": invalid YAML: " + ex.getMessage());
		}
	}

	private static Map<String, String> flatten(Path jobFile, Object root) {
		if (!(root instanceof Map<?, ?> map)) {
			throw new JobDefinitionException(jobFile + ": a job file is a YAML mapping of keys such as name, "
					+ "manifest, templateProjectUid; found " + describe(root));
		}
		Map<String, String> flat = new LinkedHashMap<>();
		flatten(jobFile, "", map, flat);
		return flat;
	}

	private static void flatten(Path jobFile, String prefix, Map<?, ?> map, Map<String, String> flat) {
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String key = prefix + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested) {
				flatten(jobFile, key + ".", nested, flat);
				continue;
			}
			requireKnown(jobFile, key, "");
			if (entry.getValue() instanceof Iterable<?>) {
				throw new JobDefinitionException(jobFile + ": " + key + ": expected a single value, found a list");
			}
			flat.put(key, (entry.getValue() != null) ? entry.getValue().toString() : null);
		}
	}

	private static void requireKnown(Path jobFile, String key, String what) {
		if (!KEYS.contains(key)) {
			throw new JobDefinitionException(jobFile + ": unknown " + what + "key '" + key + "'; known keys: "
					+ String.join(", ", KEYS.stream().sorted().toList()));
		}
	}

	private static String describe(Object value) {
		return (value == null) ? "an empty file" : "a " + value.getClass().getSimpleName().toLowerCase();
	}

	/** Reads and checks each field of the flattened file. */
	private record FieldReader(Path jobFile, Map<String, String> values) {

		JobDefinition definition() {
			Path folder = this.jobFile.toAbsolutePath().getParent();
			Duration interval = duration("poll.interval", "30s");
			Duration maxInterval = duration("poll.maxInterval", null);
			if (maxInterval == null) {
				// Back off to ten times the interval while nothing changes, but no further than 10 minutes.
				Duration tenfold = interval.multipliedBy(10);
				maxInterval = max(interval, min(tenfold, Duration.ofMinutes(10)));
			}
			if (maxInterval.compareTo(interval) < 0) {
				throw fail("poll.maxInterval", "must not be shorter than poll.interval (" + interval + ")");
			}
			int concurrency = integer("upload.concurrency", 16, 1, 512);
			return new JobDefinition(this.jobFile, name(), folder.resolve(required("manifest")).normalize(),
					oneOf("dataType", "images", DATA_TYPES), required("templateProjectUid"),
					oneOf("export.format", "coco", FORMATS),
					folder.resolve(optional("export.directory", "exports")).normalize(), interval, maxInterval,
					duration("poll.timeout", "24h"), concurrency, maxConcurrency(concurrency), flow());
		}

		private String name() {
			String name = required("name");
			if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
				throw fail("name", "'" + name + "' must be 1-100 letters, digits, '.', '_' or '-' (it names "
						+ "the dataset, the project and the export file)");
			}
			return name;
		}

		/**
		 * By default the limit may grow to sixteen times the configured concurrency, up to 256: on a far store
		 * the files in flight a rate needs grow with the latency (40 ms per answer: 16 files in flight cap the
		 * rate at 400 files/s, whatever the bandwidth; issue 14 measured curl with 64 at 1,600), and where more
		 * do not pay (loopback, 2 cores) the hill climb steps back. A kill re-uploads at most this many files,
		 * so a user who wants a tighter bound sets it.
		 */
		private int maxConcurrency(int concurrency) {
			int max = integer("upload.maxConcurrency", Math.max(concurrency, Math.min(DEFAULT_MAX_CONCURRENCY,
					16 * concurrency)), 1, 512);
			if (max < concurrency) {
				throw fail("upload.maxConcurrency", "must not be lower than upload.concurrency (" + concurrency + ")");
			}
			return max;
		}

		private JobDefinition.UploadFlow flow() {
			String flow = oneOf("upload.flow", "manifest", Set.of("manifest", "per-file"));
			return flow.equals("manifest") ? JobDefinition.UploadFlow.MANIFEST : JobDefinition.UploadFlow.PER_FILE;
		}

		private String required(String key) {
			String value = this.values.get(key);
			if (value == null || value.isBlank()) {
				throw fail(key, "is required");
			}
			return value.strip();
		}

		private String optional(String key, String fallback) {
			String value = this.values.get(key);
			return (value == null || value.isBlank()) ? fallback : value.strip();
		}

		private String oneOf(String key, String fallback, Set<String> allowed) {
			String value = optional(key, fallback);
			if (!allowed.contains(value)) {
				throw fail(key, "'" + value + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
			}
			return value;
		}

		private int integer(String key, int fallback, int min, int max) {
			String value = optional(key, Integer.toString(fallback));
			try {
				int number = Integer.parseInt(value);
				if (number < min || number > max) {
					throw fail(key, "must be between " + min + " and " + max + ", was " + number);
				}
				return number;
			}
			catch (NumberFormatException ex) {
				throw fail(key, "'" + value + "' is not a whole number");
			}
		}

		private Duration duration(String key, String fallback) {
			String value = optional(key, fallback);
			if (value == null) {
				return null;
			}
			try {
				Duration duration = DurationStyle.detectAndParse(value);
				if (duration.isNegative() || duration.isZero()) {
					throw fail(key, "must be positive, was " + value);
				}
				return duration;
			}
			catch (IllegalArgumentException ex) {
				throw fail(key, "'" + value + "' is not a duration (write e.g. 500ms, 30s, 5m, 2h or PT1H)");
			}
		}

		private static Duration min(Duration a, Duration b) {
			return (a.compareTo(b) <= 0) ? a : b;
		}

		private static Duration max(Duration a, Duration b) {
			return (a.compareTo(b) >= 0) ? a : b;
		}

		private JobDefinitionException fail(String key, String problem) {
			return new JobDefinitionException(this.jobFile + ": " + key + " " + problem);
		}

	}

}
