package ai.avala.pipeline.alerts;

import java.util.ArrayList;
import java.util.List;

import ai.avala.pipeline.events.RunOutcome;
import ai.avala.pipeline.report.Redactor;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sends the alerts configured under {@code avala.alerts.*} when a run ends: for a failure, a stop or a timeout, and
 * for a completed run when {@code on-success} is set. Not for a run that had completed before (nothing ran) nor
 * for one held by another process (exit 9: it is running elsewhere). An alert that cannot be delivered is answered
 * as one line per channel for the caller to print; it never changes how the run ended.
 */
@Component
@EnableConfigurationProperties(AlertProperties.class)
public class Alerts {

	/** Exit code of a run held by another live process: nothing happened to it here. */
	private static final int BUSY = 9;

	private final AlertProperties properties;

	private final Redactor redactor;

	public Alerts(AlertProperties properties, Environment environment) {
		this.properties = properties;
		this.redactor = Redactor.of(environment);
	}

	/** Whether this outcome is alerted on. */
	public boolean wanted(RunOutcome outcome) {
		if (!this.properties.webhook() && !this.properties.commandHook()) {
			return false;
		}
		if (outcome.exitCode() == BUSY || outcome.alreadyCompleted()) {
			return false;
		}
		return !outcome.succeeded() || this.properties.onSuccess();
	}

	/**
	 * Sends the alerts for this outcome, if wanted.
	 * @return one line per alert that could not be delivered (empty when all were, or none was wanted)
	 */
	public List<String> send(RunOutcome outcome) {
		List<String> problems = new ArrayList<>();
		if (!wanted(outcome)) {
			return problems;
		}
		String text = this.redactor.clean(AlertMessage.text(outcome));
		try {
			if (this.properties.webhook()) {
				String problem = new WebhookAlert(this.properties).send(AlertMessage.slackBody(text));
				if (problem != null) {
					problems.add("webhook " + this.properties.maskedWebhookUrl() + ": " + clean(problem));
				}
			}
			if (this.properties.commandHook()) {
				String problem = new CommandAlert(this.properties).run(outcome, text);
				if (problem != null) {
					problems.add("command: " + clean(problem));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			problems.add("interrupted while sending (the process is stopping)");
		}
		return problems;
	}

	/** Whatever a failure's message says, the webhook's URL (its token) is not printed. */
	private String clean(String problem) {
		String url = this.properties.webhookUrl();
		String masked = (url != null) ? problem.replace(url, this.properties.maskedWebhookUrl()) : problem;
		return this.redactor.clean(masked);
	}

}
