package ai.avala.pipeline.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The deployment recipes of docs/deploy/, read the way the tools that run them would read them. */
final class Recipes {

	static final Path FOLDER = Path.of("docs", "deploy");

	/** What the image's ENTRYPOINT must be: the documented way to start the tool. */
	static final List<String> ENTRYPOINT = List.of("java", "-jar", "/app/avala-pipeline.jar");

	/** The image's working directory: the folder the tool resolves config/, jobs/, schedules/ and data/ against. */
	static final String WORKDIR = "/srv/avala-pipeline";

	private Recipes() {
	}

	static Dockerfile dockerfile() throws IOException {
		return Dockerfile.read(FOLDER.resolve("Dockerfile"));
	}

	static KubernetesManifest kubernetes(String name) throws IOException {
		return KubernetesManifest.read(FOLDER.resolve("kubernetes").resolve(name));
	}

	static SystemdUnit systemd(String name) throws IOException {
		return SystemdUnit.read(FOLDER.resolve("systemd").resolve(name));
	}

	static Map<String, Object> cronJobPod() throws IOException {
		return KubernetesManifest.asMap(KubernetesManifest.at(kubernetes("cronjob-run.yaml").only("CronJob"),
				"spec.jobTemplate.spec.template.spec"), "the CronJob's pod spec");
	}

	static Map<String, Object> schedulerPod() throws IOException {
		return KubernetesManifest.asMap(KubernetesManifest.at(kubernetes("scheduler-deployment.yaml").only("Deployment"),
				"spec.template.spec"), "the Deployment's pod spec");
	}

	static Map<String, Object> onlyContainer(Map<String, Object> pod) {
		List<Map<String, Object>> containers = KubernetesManifest.asList(pod.get("containers"), "containers");
		if (containers.size() != 1) {
			throw new AssertionError("expected one container, found " + containers.size());
		}
		return containers.get(0);
	}

	/** The tool's arguments a container runs: its args after the image's ENTRYPOINT (a recipe never replaces it). */
	static List<String> containerArguments(Map<String, Object> container) {
		if (container.containsKey("command")) {
			throw new AssertionError("the container replaces the image's ENTRYPOINT: " + container.get("command"));
		}
		List<String> args = new ArrayList<>();
		((List<?>) container.get("args")).forEach((arg) -> args.add(String.valueOf(arg)));
		return args;
	}

	/** The tool's arguments an ExecStart= runs, after {@code <java> -jar <jar>}. */
	static List<String> execStartArguments(SystemdUnit unit, String instance) {
		List<String> words = unit.execStart(instance);
		if (words.size() < 3 || !words.get(0).startsWith("/") || !words.get(0).endsWith("/java")
				|| !words.get(1).equals("-jar") || !words.get(2).endsWith("/avala-pipeline.jar")) {
			throw new AssertionError(unit.file() + ": ExecStart is not '<absolute java> -jar <avala-pipeline.jar> ...': "
					+ words);
		}
		return words.subList(3, words.size());
	}

}
