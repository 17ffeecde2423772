package ai.avala.pipeline.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd's INI dialect: sections, {@code Key=value} lines (a key may repeat),
 * {@code #}/{@code ;} comments, trailing-backslash continuations. Anything else is a syntax error here, so that
 * a recipe cannot carry a line systemd would ignore with a warning on a machine without systemd-analyze.
 */
record SystemdUnit(Path file, Map<String, Map<String, List<String>>> sections) {

	static SystemdUnit read(Path file) throws IOException {
		Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
		Map<String, List<String>> current = null;
		List<String> lines = Files.readAllLines(file);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			while (line.endsWith("\\") && i + 1 < lines.size()) {
				line = line.substring(0, line.length() - 1) + " " + lines.get(++i).strip();
			}
			if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
				continue;
			}
			if (line.startsWith("[") && line.endsWith("]")) {
				current = sections.computeIfAbsent(line.substring(1, line.length() - 1), (k) -> new LinkedHashMap<>());
				continue;
			}
			int equals = line.indexOf('=');
			if (current == null || equals <= 0) {
				throw new AssertionError(file + ":" + (i + 1) + ": not a 'Key=value' line in a section: " + line);
			}
			current.computeIfAbsent(line.substring(0, equals).strip(), (k) -> new ArrayList<>())
				.add(line.substring(equals + 1).strip());
		}
		return new SystemdUnit(file, sections);
	}

	/** The single value of a key; fails when it is missing or given twice. */
	String value(String section, String key) {
		List<String> values = values(section, key);
		if (values.size() != 1) {
			throw new AssertionError(this.file.getFileName() + ": [" + section + "] " + key + " has " + values.size()
					+ " values, expected one");
		}
		return values.get(0);
	}

	List<String> values(String section, String key) {
		return this.sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
	}

	/** ExecStart= split into words, with the template's %i replaced by an instance name. */
	List<String> execStart(String instance) {
		return List.of(value("Service", "ExecStart").replace("%i", instance).split("\\s+"));
	}

}
