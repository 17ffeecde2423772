package ai.avala.pipeline.schedule;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the schedule files ({@code *.yml}, {@code *.yaml}) of a folder. Strict, because a mistake would
 * otherwise show only when the schedule should have fired: an unknown key, a bad cron, zone or misfire word,
 * a missing or invalid job file, or a duplicate name is refused with the file and field named.
 */
public final class ScheduleLoader {

	private ScheduleLoader() {
	}

	/** Every schedule of the folder, enabled or not, in file-name order. */
	public static List<ScheduleDefinition> loadAll(Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new ScheduleDefinitionException(folder + ": schedules folder not found; pass --schedules <dir>");
		}
		List<ScheduleDefinition> schedules = new ArrayList<>();
		Map<String, Path> names = new HashMap<>();
		for (Path file : scheduleFiles(folder)) {
			ScheduleDefinition schedule = load(file);
			Path other = names.putIfAbsent(schedule.name(), file);
			if (other != null) {
				throw new ScheduleDefinitionException(file + ": name '" + schedule.name() + "' is already used by "
						+ other + "; schedule names must be unique");
			}
			schedules.add(schedule);
		}
		return schedules;
	}

	/** The schedule of one file. */
	public static ScheduleDefinition load(Path file) {
		Object root = read(file);
		if (!(root instanceof Map<?, ?> map)) {
			throw new ScheduleDefinitionException(file + ": a schedule file is a YAML mapping with the keys "
					+ String.join(", ", ScheduleFields.KEYS) + "; found " + describe(root));
		}
		return new ScheduleFields(file, map).definition();
	}

	private static List<Path> scheduleFiles(Path folder) {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.{yml,yaml}")) {
			stream.forEach(files::add);
		}
		catch (IOException ex) {
			throw new ScheduleDefinitionException(folder + ": cannot list the schedules folder (" + ex.getMessage() + ")");
		}
		files.sort(null);
		return files;
	}

	private static Object read(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException ex) {
			throw new ScheduleDefinitionException(file + ": cannot read the schedule file (" + ex.getMessage() + ")");
		}
		catch (MarkedYAMLException ex) {
			throw new ScheduleDefinitionException(file + ":" + (ex.getProblemMark().getLine() + 1) + ":"
					+ (ex.getProblemMark().getColumn() + 1) + ": invalid YAML: " + ex.getProblem());
		}
		catch (YAMLException ex) {
			throw new ScheduleDefinitionException(file + ": invalid YAML: " + ex.getMessage());
		}
	}

	static String describe(Object value) {
		return (value == null) ? "nothing" : "a " + value.getClass().getSimpleName().toLowerCase();
	}

}
