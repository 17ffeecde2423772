package ai.avala.pipeline.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects of a Kubernetes manifest (one or more YAML documents), with a path accessor. The YAML is read
 * strictly (a duplicate key is an error, as it is for {@code kubectl apply}).
 */
record KubernetesManifest(Path file, List<Map<String, Object>> objects) {

	static KubernetesManifest read(Path file) throws IOException {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		List<Map<String, Object>> objects = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object document : new Yaml(new SafeConstructor(options)).loadAll(reader)) {
				if (document != null) {
					objects.add(asMap(document, file + ": a document"));
				}
			}
		}
		return new KubernetesManifest(file, objects);
	}

	Map<String, Object> only(String kind) {
		List<Map<String, Object>> found = this.objects.stream().filter((o) -> kind.equals(o.get("kind"))).toList();
		if (found.size() != 1) {
			throw new AssertionError(this.file.getFileName() + " has " + found.size() + " " + kind + " objects");
		}
		return found.get(0);
	}

	Map<String, Object> named(String kind, String name) {
		return this.objects.stream()
			.filter((o) -> kind.equals(o.get("kind")) && name.equals(at(o, "metadata.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(this.file.getFileName() + " has no " + kind + " " + name));
	}

	/** The value at a dotted path of map keys, or null. */
	static Object at(Map<String, Object> object, String path) {
		Object current = object;
		for (String key : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object value, String what) {
		if (!(value instanceof Map)) {
			throw new AssertionError(what + " is not a mapping: " + value);
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> asList(Object value, String what) {
		if (!(value instanceof List)) {
			throw new AssertionError(what + " is not a list: " + value);
		}
		return (List<Map<String, Object>>) value;
	}

}
