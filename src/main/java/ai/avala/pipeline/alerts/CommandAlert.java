package ai.avala.pipeline.alerts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.events.RunOutcome;

/**
 * Runs the configured command for an alert, with the run's facts in {@code AVALA_RUN_*} environment variables and
 * the report's path as its last argument, and kills it (and what it started) when it outlives its timeout. Its
 * environment is this process's minus every secret: no API key, webhook secret or database password. Its output
 * is read (at most 64 KiB kept) so a chatty script never blocks, and the last line is quoted when it fails. Never
 * throws: it answers what went wrong, or null.
 */
final class CommandAlert {

	/** Variables never handed to the command: the secrets this tool reads from the environment. */
	private static final List<String> SECRETS = List.of("AVALA_API_KEY", "AVALA_WEBHOOK_SECRET",
			"SPRING_DATASOURCE_PASSWORD", "AVALA_ALERTS_WEBHOOK_URL", "AVALA_ALERTS_WEBHOOKURL");

	private static final int KEPT = 64 * 1024;

	private final AlertProperties properties;

	CommandAlert(AlertProperties properties) {
		this.properties = properties;
	}

	/** @return null when the command exited 0, else what happened */
	String run(RunOutcome outcome, String text) throws InterruptedException {
		List<String> command = new ArrayList<>(this.properties.command());
		if (outcome.reportFile() != null) {
			command.add(outcome.reportFile());
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		environment(builder.environment(), outcome, text);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			return "could not start " + command.get(0) + ": " + ex.getMessage();
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Thread reader = new Thread(() -> drain(process.getInputStream(), output), "alert-command-output");
		reader.setDaemon(true);
		reader.start();
		if (!process.waitFor(this.properties.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			return command.get(0) + " timed out after " + this.properties.commandTimeout().toString().substring(2)
				.toLowerCase(Locale.ROOT) + " and was killed";
		}
		reader.join(1000);
		if (process.exitValue() != 0) {
			return command.get(0) + " exited " + process.exitValue() + lastLine(output);
		}
		return null;
	}

	static void environment(Map<String, String> env, RunOutcome outcome, String text) {
		SECRETS.forEach(env::remove);
		env.keySet().removeIf((name) -> name.toUpperCase(Locale.ROOT).replaceAll("[._-]", "").equals("AVALAAPIKEY"));
		put(env, "AVALA_RUN_NAME", outcome.name());
		put(env, "AVALA_RUN_DATE", outcome.runDate());
		put(env, "AVALA_RUN_EXECUTION_ID", (outcome.executionId() != null) ? outcome.executionId().toString() : null);
		put(env, "AVALA_RUN_STATUS", outcome.status());
		put(env, "AVALA_RUN_EXIT_CODE", Integer.toString(outcome.exitCode()));
		put(env, "AVALA_RUN_EXPORT_FILE", outcome.exportFile());
		put(env, "AVALA_RUN_REPORT", outcome.reportFile());
		put(env, "AVALA_RUN_FAILURE", outcome.failure());
		put(env, "AVALA_ALERT_TEXT", text);
	}

	private static void put(Map<String, String> env, String name, String value) {
		env.put(name, (value != null) ? value : "");
	}

	private static void drain(InputStream in, ByteArrayOutputStream kept) {
		byte[] buffer = new byte[8192];
		try (in) {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				synchronized (kept) {
					if (kept.size() < KEPT) {
						kept.write(buffer, 0, Math.min(read, KEPT - kept.size()));
					}
				}
			}
		}
		catch (IOException ex) {
			// The process is gone; what was read is enough.
		}
	}

	private static String lastLine(ByteArrayOutputStream output) {
		String text;
		synchronized (output) {
			text = output.toString(StandardCharsets.UTF_8).strip();
		}
		if (text.isEmpty()) {
			return "";
		}
		return ": " + text.substring(text.lastIndexOf('\n') + 1);
	}

}
