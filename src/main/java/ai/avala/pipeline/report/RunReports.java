package ai.avala.pipeline.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.metrics.RunCallRecorder;
import ai.avala.pipeline.report.RunReport.ReportStep;
import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunView.StepView;
import ai.avala.pipeline.progress.ByteCounts;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Writes a run's report, {@code <name>-<runDate>.json} and a short {@code .md}, into the reports directory when
 * one of its executions ends. Each file is written to a temporary file in the same folder and moved over the old
 * one atomically, so a reader (or a crash) sees the previous report or the new one, never half of one. The free
 * text (failure lines) goes through the {@link Redactor}: no API key, webhook secret or presigned URL.
 */
@Component
public class RunReports {

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final RunViews views;

	private final Path directory;

	private final Redactor redactor;

	public RunReports(RunViews views, ReportProperties properties, Environment environment) {
		this.views = views;
		this.directory = properties.reportsDirectory();
		this.redactor = Redactor.of(environment);
	}

	/**
	 * Writes the report of the run of an execution that has ended.
	 * @param failure the failure in one line, or null
	 * @param warnings what the run warned about (the preflight's warnings)
	 * @return the JSON report's path
	 */
	public Path write(JobExecution ended, int exitCode, String failure, List<String> warnings) throws IOException {
		RunReport report = report(ended, exitCode, failure, warnings);
		Files.createDirectories(this.directory);
		String base = report.name() + "-" + report.runDate();
		Path json = this.directory.resolve(base + ".json");
		// Belt and braces: every free-text field was cleaned already; a secret must not get out through a new one.
		writeAtomically(json, this.redactor.clean(JSON.writeValueAsString(report)) + "\n");
		writeAtomically(this.directory.resolve(base + ".md"), this.redactor.clean(markdown(report)));
		return json;
	}

	RunReport report(JobExecution ended, int exitCode, String failure, List<String> warnings) {
		RunView run = this.views.of(ended.getJobInstance());
		Map<String, ReportStep> latest = new LinkedHashMap<>();
		double uploadSeconds = 0;
		boolean uploaded = false;
		for (ExecutionView execution : run.executions()) {
			for (StepView step : execution.steps()) {
				latest.remove(step.name());
				latest.put(step.name(), ReportStep.of(execution.id(), step));
				if (step.name().equals(AnnotationLifecycleJobConfiguration.UPLOAD_FILES) && step.durationSeconds() != null) {
					uploadSeconds += step.durationSeconds();
					uploaded = true;
				}
			}
		}
		RunView.Uploads u = run.uploads();
		Double perSecondBytes = (uploaded && uploadSeconds > 0) ? u.bytesConfirmed() / uploadSeconds : null;
		Double perSecondFiles = (uploaded && uploadSeconds > 0) ? u.confirmed() / uploadSeconds : null;
		RunReport.Uploads uploads = new RunReport.Uploads(u.files(), u.bytes(), u.confirmed(), u.bytesConfirmed(),
				u.failed(), u.pending(), uploaded ? uploadSeconds : null, perSecondBytes, perSecondFiles);
		List<String> allWarnings = new ArrayList<>();
		(warnings != null ? warnings : List.<String>of()).forEach((w) -> allWarnings.add(this.redactor.clean(w)));
		if (!run.remote().failedExports().isEmpty()) {
			allWarnings.add("exports that failed on the Avala side (replaced by a new one): "
					+ String.join(", ", run.remote().failedExports()));
		}
		return new RunReport(RunReport.VERSION, run.name(), run.runDate(), run.instanceId(), ended.getId(),
				ended.getStatus().name(), exitCode, this.redactor.clean(failure), run.start(), run.end(),
				run.durationSeconds(), List.copyOf(latest.values()), uploads,
				RunReport.Calls.of(RunCallRecorder.byExecution(ended)), run.remote(), run.exportFile(),
				allWarnings, run.executions());
	}

	static String markdown(RunReport report) {
		StringBuilder md = new StringBuilder();
		md.append("# Run ").append(report.name()).append(' ').append(report.runDate()).append(": ")
			.append(report.status()).append(" (exit ").append(report.exitCode()).append(")\n\n");
		md.append("- execution ").append(report.executionId()).append(" (all executions: ")
			.append(String.join(", ", report.executions().stream().map((e) -> e.id() + " " + e.status()).toList()))
			.append(")\n");
		md.append("- started ").append(report.start()).append(", ended ").append(orDash(report.end()))
			.append(", ran ").append(seconds(report.durationSeconds())).append('\n');
		if (report.failure() != null) {
			md.append("- failure: ").append(report.failure()).append('\n');
		}
		RunReport.Uploads u = report.uploads();
		md.append("- uploads: ").append(u.confirmed()).append(" of ").append(u.files()).append(" files, ")
			.append(ByteCounts.human(u.bytesConfirmed())).append(" of ").append(ByteCounts.human(u.bytes()));
		if (u.failed() > 0 || u.pending() > 0) {
			md.append(", ").append(u.failed()).append(" failed, ").append(u.pending()).append(" pending");
		}
		if (u.bytesPerSecond() != null) {
			md.append(", ").append(ByteCounts.human(Math.round(u.bytesPerSecond()))).append("/s, ")
				.append(String.format(Locale.ROOT, "%.1f", u.filesPerSecond())).append(" files/s");
		}
		md.append('\n');
		md.append(calls(report.calls()));
		md.append("- remote: dataset ").append(orDash(report.remote().datasetUid())).append(", project ")
			.append(orDash(report.remote().projectUid())).append(", export ").append(orDash(report.remote().exportUid()))
			.append('\n');
		md.append("- export file: ").append(orDash(report.exportFile())).append("\n\n");
		md.append("| step | execution | status | took | read | written | commits |\n|---|---|---|---|---|---|---|\n");
		for (ReportStep step : report.steps()) {
			md.append("| ").append(step.name()).append(" | ").append(step.executionId()).append(" | ")
				.append(step.status()).append(" | ").append(seconds(step.durationSeconds())).append(" | ")
				.append(step.read()).append(" | ").append(step.written()).append(" | ").append(step.commits())
				.append(" |\n");
		}
		if (!report.warnings().isEmpty()) {
			md.append("\nWarnings:\n\n");
			report.warnings().forEach((w) -> md.append("- ").append(w).append('\n'));
		}
		return md.toString();
	}

	/** One line: API calls by status, storage calls, retries by reason, 429 waits. */
	static String calls(RunReport.Calls calls) {
		StringBuilder line = new StringBuilder("- calls: ").append(calls.api()).append(" API");
		if (!calls.apiByStatus().isEmpty()) {
			line.append(" (").append(counts(calls.apiByStatus())).append(')');
		}
		line.append(", ").append(calls.storage()).append(" storage, ").append(calls.retries()).append(" retries");
		if (!calls.retriesByReason().isEmpty()) {
			line.append(" (").append(counts(calls.retriesByReason())).append(')');
		}
		line.append(", ").append(calls.throttleWaits()).append(" waits after 429 (")
			.append(String.format(Locale.ROOT, "%.1f s", calls.throttleWaitSeconds())).append(")\n");
		return line.toString();
	}

	private static String counts(Map<String, Long> counts) {
		return String.join(", ", counts.entrySet().stream().map((e) -> e.getKey() + ": " + e.getValue()).toList());
	}

	private static void writeAtomically(Path target, String text) throws IOException {
		Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
		try {
			Files.writeString(temp, text, StandardCharsets.UTF_8);
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static String orDash(String text) {
		return (text != null) ? text : "–";
	}

	private static String seconds(Double seconds) {
		return (seconds != null) ? String.format(Locale.ROOT, "%.1f s", seconds) : "–";
	}


}
