package ai.avala.pipeline.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.avala.pipeline.AvalaPipelineApplication;

/**
 * A folder laid out like the image's working directory (the Dockerfile's WORKDIR and VOLUMEs), holding the
 * project's own config/, jobs/ and schedules/ as a user would mount them, and the command that starts the
 * image's ENTRYPOINT there.
 */
final class ContainerLayout {

	private final Path root;

	private ContainerLayout(Path root) {
		this.root = root;
	}

	/** The volumes of the Dockerfile, created under {@code root}; config/ and jobs/ copied from the project. */
	static ContainerLayout create(Path root) throws IOException {
		for (String volume : Recipes.dockerfile().last("VOLUME").execForm()) {
			if (!volume.startsWith(Recipes.WORKDIR + "/")) {
				throw new AssertionError("a volume outside the working directory: " + volume);
			}
			Files.createDirectories(root.resolve(volume.substring(Recipes.WORKDIR.length() + 1)));
		}
		copyTree(Path.of("config"), root.resolve("config"));
		copyTree(Path.of("jobs"), root.resolve("jobs"));
		return new ContainerLayout(root);
	}

	Path root() {
		return this.root;
	}

	Path resolve(String path) {
		return this.root.resolve(path);
	}

	/**
	 * The image's ENTRYPOINT followed by {@code args}, run in this folder. {@code /app/avala-pipeline.jar} is
	 * the project's jar when it was built after the classes (so a packaged build runs its own jar); otherwise
	 * (tests run before Maven packages) the same main class on the test's class path.
	 */
	ProcessBuilder command(List<String> entrypoint, List<String> args, Map<String, String> env) throws IOException {
		if (!entrypoint.equals(Recipes.ENTRYPOINT)) {
			throw new AssertionError("unexpected ENTRYPOINT " + entrypoint);
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Path jar = Path.of("target", "avala-pipeline.jar").toAbsolutePath();
		if (freshJar(jar)) {
			command.addAll(List.of("-jar", jar.toString()));
		}
		else {
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), AvalaPipelineApplication.class.getName()));
		}
		System.out.println("The image's ENTRYPOINT stands for: " + String.join(" ", command.subList(0, 2))
				+ (freshJar(jar) ? "" : " ... " + AvalaPipelineApplication.class.getName()));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile());
		builder.environment().remove("AVALA_API_KEY");
		builder.environment().remove("AVALA_BASE_URL");
		builder.environment().putAll(env);
		return builder;
	}

	static boolean freshJar(Path jar) throws IOException {
		if (!Files.isRegularFile(jar)) {
			return false;
		}
		FileTime built = Files.getLastModifiedTime(jar);
		try (Stream<Path> classes = Files.walk(Path.of("target", "classes"))) {
			return classes.filter(Files::isRegularFile).allMatch((file) -> {
				try {
					return Files.getLastModifiedTime(file).compareTo(built) <= 0;
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

}
