package ai.avala.pipeline.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.cli.PipelineCommandLine;
import ai.avala.pipeline.sandbox.AvalaSandbox;

/**
 * Runs the command line in this JVM as a user would type it, against a sandbox, with the job repository in
 * a test folder. Captures what it printed.
 */
public final class PipelineRun {

	private final Path workDir;

	private final Path databaseDir;

	private final Map<String, String> env;

	private PipelineRun(Path workDir, Path databaseDir, Map<String, String> env) {
		this.workDir = workDir;
		this.databaseDir = databaseDir;
		this.env = env;
	}

	public static PipelineRun against(AvalaSandbox sandbox, Path workDir) {
		return new PipelineRun(workDir, workDir,
				Map.of("AVALA_BASE_URL", sandbox.baseUrl(), "AVALA_API_KEY", sandbox.apiKey()));
	}

	public static PipelineRun withEnv(Path workDir, Map<String, String> env) {
		return new PipelineRun(workDir, workDir, env);
	}

	/** The same, but on the job repository of another folder: a second user, working elsewhere, on one database. */
	public PipelineRun onDatabaseOf(Path otherWorkDir) {
		return new PipelineRun(this.workDir, otherWorkDir, this.env);
	}

	/** The JDBC URL of the job repository of {@code workDir}, as the commands use it. */
	public static String databaseUrl(Path workDir) {
		return TestDatabase.url(workDir);
	}

	public Result execute(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(TestDatabase.arguments(this.databaseDir));
		if (TestDatabase.isPostgres()) {
			// In this JVM a property is as private as the environment a user would use for it.
			all.add("--spring.datasource.password=" + TestDatabase.password());
		}
		if (all.stream().noneMatch((arg) -> arg.startsWith("--avala.pipeline.reports-directory="))) {
			// In the test's folder, not the working directory of the test JVM (the project).
			all.add("--avala.pipeline.reports-directory=" + this.workDir.resolve("reports"));
		}
		all.add("--avala.retry.base-delay=20ms");
		all.add("--avala.retry.max-delay=200ms");
		if (all.stream().noneMatch((arg) -> arg.startsWith("--avala.create-settle-window="))) {
			// Short, so that a create failing before its effect (most injected faults) is sent again soon.
			all.add("--avala.create-settle-window=1s");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new PipelineCommandLine(this.env, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8))
			.execute(all.toArray(String[]::new));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** What one command did. */
	public record Result(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- out ---\n" + this.out + "\n--- err ---\n" + this.err;
		}

	}

}
