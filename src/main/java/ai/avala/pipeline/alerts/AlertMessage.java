package ai.avala.pipeline.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.events.RunOutcome;
import tools.jackson.databind.json.JsonMapper;

/** What an alert says: one line of text, and the Slack-compatible body that carries it. */
final class AlertMessage {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AlertMessage() {
	}

	/**
	 * E.g. {@code avala-pipeline: run demo 2026-12-05 FAILED (exit 5, execution 3): step ...; report:
	 * /srv/reports/demo-2026-12-05.json}.
	 */
	static String text(RunOutcome outcome) {
		StringBuilder text = new StringBuilder("avala-pipeline: run ").append(outcome.name())
			.append(' ')
			.append(outcome.runDate())
			.append(' ')
			.append(outcome.succeeded() ? "completed" : outcome.status())
			.append(" (exit ")
			.append(outcome.exitCode());
		if (outcome.executionId() != null) {
			text.append(", execution ").append(outcome.executionId());
		}
		text.append(')');
		if (outcome.failure() != null) {
			text.append(": ").append(outcome.failure());
		}
		if (outcome.exportFile() != null) {
			text.append("; export: ").append(outcome.exportFile());
		}
		if (outcome.reportFile() != null) {
			text.append("; report: ").append(outcome.reportFile());
		}
		return text.toString();
	}

	/** {@code {"text": ...}}: what Slack's incoming webhooks (and Mattermost, Teams' Slack-compatible hooks) take. */
	static String slackBody(String text) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", text);
		return JSON.writeValueAsString(body);
	}

}
