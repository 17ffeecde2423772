package ai.avala.pipeline.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.yaml.snakeyaml.Yaml;

/**
 * The instructions of a Dockerfile, as Docker reads them: comments dropped, continuation lines joined. Only what
 * the recipe tests look at; the exec form (JSON arrays) of ENTRYPOINT, CMD and VOLUME is read as JSON.
 */
record Dockerfile(List<Instruction> instructions) {

	static Dockerfile read(Path file) throws IOException {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (trimmed.startsWith("#")) {
				continue; // a comment inside a continued instruction
			}
			if (trimmed.endsWith("\\")) {
				pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			pending.append(trimmed);
			String whole = pending.toString().strip();
			pending.setLength(0);
			int space = whole.indexOf(' ');
			instructions.add(new Instruction(whole.substring(0, space).toUpperCase(Locale.ROOT),
					whole.substring(space + 1).strip()));
		}
		return new Dockerfile(instructions);
	}

	List<Instruction> all(String keyword) {
		return this.instructions.stream().filter((i) -> i.keyword().equals(keyword)).toList();
	}

	/** The last one wins, as in Docker (ENTRYPOINT, CMD, USER, WORKDIR). */
	Instruction last(String keyword) {
		List<Instruction> found = all(keyword);
		if (found.isEmpty()) {
			throw new AssertionError("the Dockerfile has no " + keyword);
		}
		return found.get(found.size() - 1);
	}

	record Instruction(String keyword, String arguments) {

		/** The exec form: a JSON array of strings (the shell form would run under /bin/sh and lose SIGTERM). */
		List<String> execForm() {
			if (!this.arguments.startsWith("[")) {
				throw new AssertionError(this.keyword + " is not in exec form (a JSON array): " + this.arguments);
			}
			// JSON is YAML: the array parses as a list of strings.
			List<?> items = new Yaml().load(this.arguments);
			return items.stream().map(String.class::cast).toList();
		}

	}

}
