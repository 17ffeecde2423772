package ai.avala.pipeline.console;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.schedule.ScheduleDefinition;

/** The schedules of the folder: cron, zone, whether enabled, the next fire times, and the last run of each one's job. */
final class SchedulesPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

	private SchedulesPage() {
	}

	/** @param lastRun the newest run of a job file, if any */
	static String render(String folder, List<ScheduleDefinition> schedules,
			java.util.function.Function<ScheduleDefinition, Optional<RunView>> lastRun, Instant now) {
		StringBuilder body = new StringBuilder("<h1>Schedules</h1><p class=\"muted\">From <code>")
			.append(Html.escape(folder)).append("</code>.</p>");
		if (schedules.isEmpty()) {
			return Html.page("Schedules", body.append("<p>No schedules.</p>").toString());
		}
		body.append("<table id=\"schedules\"><tr><th>schedule</th><th>job file</th><th>cron</th><th>zone</th>"
				+ "<th>enabled</th><th>next fire times</th><th>last run</th></tr>");
		for (ScheduleDefinition schedule : schedules) {
			Optional<RunView> last = lastRun.apply(schedule);
			body.append("<tr data-schedule=\"").append(Html.escape(schedule.name())).append("\"><td>")
				.append(Html.escape(schedule.name())).append("</td><td class=\"mono\">").append(Html.escape(schedule.jobFile()))
				.append("</td><td class=\"mono\">").append(Html.escape(schedule.cron())).append("</td><td>")
				.append(Html.escape(schedule.timeZone())).append("</td><td>").append(schedule.enabled() ? "yes" : "no")
				.append("</td><td class=\"mono\">")
				.append(schedule.enabled() ? Html.escape(schedule.nextFireTimes(now, 3).stream().map(TIME::format)
					.collect(Collectors.joining(", "))) : "– (disabled)")
				.append("</td><td>");
			if (last.isPresent()) {
				RunView run = last.get();
				body.append("<a href=\"/runs/").append(run.instanceId()).append("\">").append(Html.escape(run.runDate()))
					.append("</a> ").append(Html.badge(run.status()));
			}
			else {
				body.append("<span class=\"muted\">none yet</span>");
			}
			body.append("</td></tr>");
		}
		return Html.page("Schedules", body.append("</table>").toString());
	}

}
