package ai.avala.pipeline.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.AvalaPipelineApplication;
import ai.avala.pipeline.sandbox.AvalaSandbox;

/**
 * Runs the command line in a child JVM, as a user's shell would, so that a test can kill it with SIGKILL and
 * start a new process on the same job repository.
 */
public final class ChildPipeline {

	private final AvalaSandbox sandbox;

	private final Path workDir;

	private int started;

	public ChildPipeline(AvalaSandbox sandbox, Path workDir) {
		this.sandbox = sandbox;
		this.workDir = workDir;
	}

	public Process start(String... args) throws IOException {
		return start(true, Map.of(), args);
	}

	/**
	 * Runs to the end with stdout and stderr kept apart (files {@code child-N.out} and {@code child-N.err}), for
	 * output whose stdout is for machines ({@code --json}).
	 */
	public Separated runSeparately(String... args) throws IOException, InterruptedException {
		Process process = start(false, Map.of(), args);
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("child did not finish in 3 minutes");
		}
		return new Separated(process.exitValue(), Files.readString(log(this.started).resolveSibling("child-" + this.started + ".out")),
				Files.readString(log(this.started).resolveSibling("child-" + this.started + ".err")));
	}

	/** What a child run with separate outputs printed. */
	public record Separated(int exitCode, String out, String err) {
	}

	/** The same, with more environment variables (e.g. AVALA_CONSOLE_TOKEN). */
	public Process start(Map<String, String> env, String... args) throws IOException {
		return start(true, env, args);
	}

	private Process start(boolean merged, Map<String, String> env, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(AvalaPipelineApplication.class.getName());
		command.addAll(List.of(args));
		if (command.stream().noneMatch((arg) -> arg.startsWith("--spring.datasource.url="))) {
			command.addAll(TestDatabase.arguments(this.workDir));
		}
		command.add("--avala.pipeline.reports-directory=" + this.workDir.resolve("reports"));
		command.add("--avala.retry.base-delay=20ms");
		command.add("--avala.retry.max-delay=200ms");
		if (command.stream().noneMatch((arg) -> arg.startsWith("--avala.create-settle-window="))) {
			// Short, so that a create failing before its effect (most injected faults) is sent again soon.
			command.add("--avala.create-settle-window=1s");
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("AVALA_BASE_URL", this.sandbox.baseUrl());
		builder.environment().put("AVALA_API_KEY", this.sandbox.apiKey());
		builder.environment().putAll(TestDatabase.environment());
		builder.environment().putAll(env);
		if (merged) {
			builder.redirectErrorStream(true);
			builder.redirectOutput(log(++this.started).toFile());
		}
		else {
			++this.started;
			builder.redirectOutput(this.workDir.resolve("child-" + this.started + ".out").toFile());
			builder.redirectError(this.workDir.resolve("child-" + this.started + ".err").toFile());
		}
		return builder.start();
	}

	/** Runs to the end and returns the exit code. */
	public int run(String... args) throws IOException, InterruptedException {
		Process process = start(args);
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("child did not finish in 3 minutes:\n" + output(this.started));
		}
		return process.exitValue();
	}

	public Path log(int run) {
		return this.workDir.resolve("child-" + run + ".log");
	}

	public String output(int run) throws IOException {
		return Files.readString(log(run));
	}

	public int runs() {
		return this.started;
	}

}
