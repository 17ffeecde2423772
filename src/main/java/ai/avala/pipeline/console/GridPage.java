package ai.avala.pipeline.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunView.StepView;

/**
 * The front page: for each job (the job file's {@code name}), a grid of its runs (rows, newest first) by the
 * lifecycle's steps (columns), each cell coloured by the step's latest status, as Airflow's grid view does.
 */
final class GridPage {

	static final List<String> STEPS = List.of(AnnotationLifecycleJobConfiguration.VALIDATE_MANIFEST,
			AnnotationLifecycleJobConfiguration.CREATE_DATASET, AnnotationLifecycleJobConfiguration.UPLOAD_FILES,
			AnnotationLifecycleJobConfiguration.CLONE_TEMPLATE, AnnotationLifecycleJobConfiguration.APPROVE_PROJECT,
			AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION, AnnotationLifecycleJobConfiguration.EXPORT_RESULTS);

	private GridPage() {
	}

	static String render(List<RunView> runs) {
		StringBuilder body = new StringBuilder("<h1>Runs</h1>");
		if (runs.isEmpty()) {
			body.append("<p>No runs yet. <code>run &lt;job-file&gt;</code> starts one.</p>");
			return Html.page("Runs", body.toString());
		}
		Map<String, List<RunView>> byJob = new LinkedHashMap<>();
		runs.forEach((run) -> byJob.computeIfAbsent(run.name(), (name) -> new java.util.ArrayList<>()).add(run));
		byJob.forEach((job, jobRuns) -> body.append(job(job, jobRuns)));
		body.append("<p class=\"muted\">Newest first; the ").append(RunCatalog.GRID_LIMIT)
			.append(" newest runs of all jobs. A cell is a step's latest execution: green completed, red failed, "
					+ "blue running, amber stopped, grey abandoned or not run.</p>");
		return Html.page("Runs", body.toString());
	}

	private static String job(String job, List<RunView> runs) {
		StringBuilder html = new StringBuilder();
		html.append("<h2>").append(Html.escape(job)).append("</h2><table class=\"grid\" data-job=\"")
			.append(Html.escape(job)).append("\"><tr><th>runDate</th><th>status</th>");
		STEPS.forEach((step) -> html.append("<th title=\"").append(Html.escape(step)).append("\">")
			.append(Html.escape(abbreviate(step))).append("</th>"));
		html.append("<th>ran</th><th>executions</th></tr>");
		for (RunView run : runs) {
			String link = "/runs/" + run.instanceId();
			html.append("<tr class=\"run\" data-run=\"").append(Html.escape(run.name() + " " + run.runDate()))
				.append("\" data-status=\"").append(Html.escape(run.status())).append("\"><td><a href=\"").append(link)
				.append("\">").append(Html.escape(run.runDate())).append("</a></td><td>").append(Html.badge(run.status()))
				.append("</td>");
			Map<String, String> latest = latestStatuses(run);
			for (String step : STEPS) {
				String status = latest.get(step);
				String css = (status != null) ? status : "NONE";
				html.append("<td class=\"cell\" data-step=\"").append(step).append("\" data-status=\"")
					.append(Html.escape(css)).append("\"><a class=\"s-").append(Html.escape(css)).append("\" href=\"")
					.append(link).append("\" title=\"").append(Html.escape(step + ": " + (status != null ? status : "not run")))
					.append("\"></a></td>");
			}
			html.append("<td>").append((run.durationSeconds() != null) ? Charts.seconds((long) (run.durationSeconds() * 1000)) : "–")
				.append("</td><td class=\"mono\">")
				.append(Html.escape(String.join(", ", run.executions().stream().map((e) -> String.valueOf(e.id())).toList())))
				.append("</td></tr>");
		}
		return html.append("</table>").toString();
	}

	/** Each step's status in the latest execution that ran it. */
	static Map<String, String> latestStatuses(RunView run) {
		Map<String, String> latest = new LinkedHashMap<>();
		for (ExecutionView execution : run.executions()) {
			for (StepView step : execution.steps()) {
				latest.put(step.name(), step.status());
			}
		}
		return latest;
	}

	private static String abbreviate(String step) {
		return switch (step) {
			case AnnotationLifecycleJobConfiguration.VALIDATE_MANIFEST -> "validate";
			case AnnotationLifecycleJobConfiguration.CREATE_DATASET -> "dataset";
			case AnnotationLifecycleJobConfiguration.UPLOAD_FILES -> "upload";
			case AnnotationLifecycleJobConfiguration.CLONE_TEMPLATE -> "clone";
			case AnnotationLifecycleJobConfiguration.APPROVE_PROJECT -> "approve";
			case AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION -> "await";
			default -> "export";
		};
	}

}
