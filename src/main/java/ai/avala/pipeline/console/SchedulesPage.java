package ai.avala.pipeline.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.avala.pipeline.report.Redactor;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.schedule.ScheduleDefinition;
import ai.avala.pipeline.schedule.ScheduleFires;

/**
 * The schedules of the folder: cron, zone, whether enabled, the next fire times, the last fire's outcome (refusals
 * included) and the last run of each one's job.
 */
final class SchedulesPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

	private SchedulesPage() {
	}

	/**
	 * @param lastFire the schedule's last fire and its exit code, if one was recorded
	 * @param lastRun the newest run of a job file, if any
	 * @param redactor cleans a refusal's line of anything secret before it is shown
	 */
	static String render(String folder, List<ScheduleDefinition> schedules,
			Function<ScheduleDefinition, Optional<ScheduleFires.Fire>> lastFire,
			Function<ScheduleDefinition, Optional<RunView>> lastRun, Redactor redactor, Instant now) {
		StringBuilder body = new StringBuilder("<h1>Schedules</h1><p class=\"muted\">From <code>")
			.append(Html.escape(folder)).append("</code>.</p>");
		if (schedules.isEmpty()) {
			return Html.page("Schedules", body.append("<p>No schedules.</p>").toString());
		}
		body.append("<table id=\"schedules\"><tr><th>schedule</th><th>job file</th><th>cron</th><th>zone</th>"
				+ "<th>enabled</th><th>next fire times</th><th>last fire</th><th>last run</th></tr>");
		for (ScheduleDefinition schedule : schedules) {
			Optional<RunView> last = lastRun.apply(schedule);
			body.append("<tr data-schedule=\"").append(Html.escape(schedule.name())).append("\"><td>")
				.append(Html.escape(schedule.name())).append("</td><td class=\"mono\">").append(Html.escape(schedule.jobFile()))
				.append("</td><td class=\"mono\">").append(Html.escape(schedule.cron())).append("</td><td>")
				.append(Html.escape(ZoneOffset.UTC.equals(schedule.timeZone()) ? "UTC" : schedule.timeZone().getId())).append("</td><td>").append(schedule.enabled() ? "yes" : "no")
				.append("</td><td class=\"mono\">")
				.append(schedule.enabled() ? Html.escape(schedule.nextFireTimes(now, 3).stream().map(TIME::format)
					.collect(Collectors.joining(", "))) : "– (disabled)")
				.append("</td><td class=\"last-fire\">");
			appendFire(body, lastFire.apply(schedule), redactor);
			body.append("</td><td>");
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

	/**
	 * Due time, runDate and exit code of the last fire; a fire refused before its run started (no execution, so no
	 * run to link) shows why, so a schedule failing every night never reads as "none yet".
	 */
	private static void appendFire(StringBuilder body, Optional<ScheduleFires.Fire> fire, Redactor redactor) {
		if (fire.isEmpty()) {
			body.append("<span class=\"muted\">none recorded</span>");
			return;
		}
		ScheduleFires.Fire last = fire.get();
		String status = (last.exitCode() == 0) ? "COMPLETED" : (last.failure() != null) ? "REFUSED" : "FAILED";
		body.append(Html.badge(status)).append(" exit ").append(last.exitCode()).append("<br><span class=\"mono\">due ")
			.append(Html.escape(TIME.format(last.fireTime().atZone(ZoneOffset.UTC)))).append(", runDate ")
			.append(Html.escape(last.runDate())).append("</span>");
		if (last.failure() != null) {
			body.append("<br><span class=\"failure-line\">").append(Html.escape(redactor.clean(last.failure())))
				.append("</span>");
		}
	}

}
