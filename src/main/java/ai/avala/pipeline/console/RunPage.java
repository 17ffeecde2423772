package ai.avala.pipeline.console;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.avala.pipeline.console.Charts.Bar;
import ai.avala.pipeline.console.RunCatalog.RunDetail;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.progress.ByteCounts;
import ai.avala.pipeline.progress.ProgressSamples.Sample;
import ai.avala.pipeline.report.Redactor;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunView.StepView;

/**
 * A run's page: its steps' timeline, counts, the upload's bytes and throughput, the annotation progress chart,
 * work batches, remote UIDs, export file, the failure in one line and the command to type next, and the actions
 * an operator may take. The part below the title is also served alone ({@code /runs/<id>/fragment}): a running
 * run's page fetches it every 1.5 s and swaps it in, so it updates without a reload.
 */
final class RunPage {

	private static final String LIVE_SCRIPT = "<script>(function(){var el=document.getElementById('run');"
			+ "function running(){return el.querySelector('[data-running=\"true\"]')!==null;}"
			+ "function tick(){fetch(location.pathname.replace(/\\/$/,'')+'/fragment',{cache:'no-store'})"
			+ ".then(function(r){if(!r.ok)throw r.status;return r.text();})"
			+ ".then(function(t){el.innerHTML=t;if(running())setTimeout(tick,1500);})"
			+ ".catch(function(){setTimeout(tick,5000);});}"
			+ "if(running())setTimeout(tick,1500);})();</script>";

	private final Redactor redactor;

	RunPage(Redactor redactor) {
		this.redactor = redactor;
	}

	String page(RunDetail run, String actions, long now) {
		RunView view = run.view();
		String title = "Run " + view.name() + " " + view.runDate();
		return Html.page(title, "<h1>" + Html.escape(title) + "</h1><div id=\"run\">" + fragment(run, actions, now)
				+ "</div>" + LIVE_SCRIPT);
	}

	String fragment(RunDetail run, String actions, long now) {
		RunView view = run.view();
		StringBuilder html = new StringBuilder();
		html.append("<p><span id=\"run-status\" data-running=\"").append(run.running()).append("\">")
			.append(Html.badge(view.status())).append("</span> process: <b id=\"process\">")
			.append(Html.escape(run.process())).append("</b> · execution ").append(view.last().id())
			.append(" · instance ").append(view.instanceId()).append(" · job file <code>").append(Html.orDash(run.jobFile()))
			.append("</code>").append(run.running() ? " <span class=\"muted\">(updates live)</span>" : "").append("</p>");
		html.append(cards(run));
		String failure = failure(run);
		if (failure != null) {
			html.append("<h2>Failure</h2><div class=\"failure\" id=\"failure\">").append(Html.escape(failure)).append("</div>");
		}
		html.append("<h2>What to do next</h2><div class=\"next\" id=\"next\">").append(NextStep.of(run, failure)).append("</div>");
		html.append(actions);
		html.append("<h2>Steps</h2>").append(Charts.gantt(bars(view), now)).append(stepTable(view));
		html.append("<h2>Annotation progress</h2>").append(Charts.progress(run.samples()));
		html.append(workBatches(run.samples()));
		html.append(remote(view));
		return html.toString();
	}

	private static String cards(RunDetail run) {
		RunView view = run.view();
		RunView.Uploads u = view.uploads();
		double uploadSeconds = 0;
		for (ExecutionView execution : view.executions()) {
			for (StepView step : execution.steps()) {
				if (step.name().equals(AnnotationLifecycleJobConfiguration.UPLOAD_FILES) && step.durationSeconds() != null) {
					uploadSeconds += step.durationSeconds();
				}
			}
		}
		String throughput = (uploadSeconds > 0) ? ByteCounts.human(Math.round(u.bytesConfirmed() / uploadSeconds)) + "/s, "
				+ String.format(Locale.ROOT, "%.1f files/s", u.confirmed() / uploadSeconds) : "–";
		Sample latest = run.samples().isEmpty() ? null : run.samples().get(run.samples().size() - 1);
		StringBuilder html = new StringBuilder("<div class=\"cards\">");
		card(html, "files", u.confirmed() + " / " + u.files(), "uploaded of the manifest's"
				+ ((u.failed() + u.pending() > 0) ? ", " + u.failed() + " failed, " + u.pending() + " pending" : ""));
		card(html, "bytes", ByteCounts.human(u.bytesConfirmed()) + " / " + ByteCounts.human(u.bytes()), "uploaded");
		card(html, "throughput", throughput, "upload, over the uploadFiles step");
		card(html, "annotation", (latest != null) ? String.format(Locale.ROOT, "%.1f%%", latest.ratio() * 100) : "–",
				(latest != null) ? latest.completed() + " of " + latest.total() + " tasks" : "not waiting yet");
		card(html, "ran", (view.durationSeconds() != null) ? Charts.seconds((long) (view.durationSeconds() * 1000)) : "–",
				view.executions().size() + " execution(s)");
		return html.append("</div>").toString();
	}

	private static void card(StringBuilder html, String key, String value, String note) {
		html.append("<div class=\"card\" id=\"card-").append(key).append("\"><div class=\"k\">").append(Html.escape(key))
			.append("</div><div class=\"v\">").append(Html.escape(value)).append("</div><div class=\"muted\">")
			.append(Html.escape(note)).append("</div></div>");
	}

	private String failure(RunDetail run) {
		String description = run.last().getExitStatus().getExitDescription();
		if (description == null || description.isBlank() || !run.last().getStatus().isUnsuccessful()) {
			return null;
		}
		int newline = description.indexOf('\n');
		String line = (newline < 0) ? description : description.substring(0, newline);
		return this.redactor.clean(line.replaceFirst("^[\\w.$]+(Exception|Error): ", "").strip());
	}

	static List<Bar> bars(RunView view) {
		List<Bar> bars = new ArrayList<>();
		boolean several = view.executions().size() > 1;
		for (ExecutionView execution : view.executions()) {
			for (StepView step : execution.steps()) {
				if (step.start() == null) {
					continue;
				}
				String label = several ? step.name() + " #" + execution.id() : step.name();
				bars.add(new Bar(label, step.status(), millis(step.start()),
						(step.end() != null) ? millis(step.end()) : null));
			}
		}
		return bars;
	}

	private static String stepTable(RunView view) {
		Map<String, Object[]> latest = new LinkedHashMap<>();
		for (ExecutionView execution : view.executions()) {
			for (StepView step : execution.steps()) {
				latest.remove(step.name());
				latest.put(step.name(), new Object[] { execution.id(), step });
			}
		}
		StringBuilder html = new StringBuilder("<table id=\"steps\"><tr><th>step</th><th>execution</th><th>status</th>"
				+ "<th>took</th><th>read</th><th>written</th><th>commits</th><th>rollbacks</th><th>failure</th></tr>");
		latest.values().forEach((row) -> {
			StepView step = (StepView) row[1];
			html.append("<tr data-step=\"").append(Html.escape(step.name())).append("\" data-status=\"")
				.append(Html.escape(step.status())).append("\"><td>").append(Html.escape(step.name())).append("</td><td>")
				.append(row[0]).append("</td><td>").append(Html.badge(step.status())).append("</td><td>")
				.append((step.durationSeconds() != null) ? Charts.seconds((long) (step.durationSeconds() * 1000)) : "running")
				.append("</td><td>").append(step.read()).append("</td><td>").append(step.written()).append("</td><td>")
				.append(step.commits()).append("</td><td>").append(step.rollbacks()).append("</td><td>")
				.append(Html.orDash(step.failure())).append("</td></tr>");
		});
		return html.append("</table>").toString();
	}

	private static String workBatches(List<Sample> samples) {
		String text = null;
		for (int i = samples.size() - 1; i >= 0 && text == null; i--) {
			text = samples.get(i).workBatches();
		}
		return "<h2>Work batches</h2><p id=\"work-batches\">"
				+ ((text != null) ? Html.escape(text) : "<span class=\"muted\">not read yet</span>") + "</p>";
	}

	private static String remote(RunView view) {
		RunView.Remote remote = view.remote();
		return "<h2>Remote and files</h2><dl id=\"remote\"><dt>dataset</dt><dd class=\"mono\">" + Html.orDash(remote.datasetUid())
				+ "</dd><dt>project</dt><dd class=\"mono\">" + Html.orDash(remote.projectUid()) + "</dd><dt>approval</dt><dd>"
				+ Html.orDash(remote.approval()) + "</dd><dt>export</dt><dd class=\"mono\">" + Html.orDash(remote.exportUid())
				+ "</dd><dt>failed exports</dt><dd class=\"mono\">"
				+ (remote.failedExports().isEmpty() ? "–" : Html.escape(String.join(", ", remote.failedExports())))
				+ "</dd><dt>export file</dt><dd class=\"mono\" id=\"export-file\">" + Html.orDash(view.exportFile())
				+ "</dd></dl>";
	}

	private static long millis(String isoTime) {
		return OffsetDateTime.parse(isoTime).toInstant().toEpochMilli();
	}

}
