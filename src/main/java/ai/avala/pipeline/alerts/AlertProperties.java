package ai.avala.pipeline.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts when a run ends: an outgoing webhook with a Slack-compatible body and/or a command. Bound from
 * {@code avala.alerts.*}; nothing is sent while neither is set. The webhook URL is treated as a secret (a Slack
 * incoming-webhook URL is one): only its scheme and host are ever printed.
 *
 * @param webhookUrl where to POST {@code {"text": ...}} (http or https), or none
 * @param command the command to run (program and arguments; the report's path is added as the last argument), or
 *     none
 * @param onSuccess also alert when a run completes (by default only failures, stops and timeouts alert)
 * @param timeout how long one webhook attempt may take (connect and answer), 100ms..5m
 * @param maxAttempts webhook attempts at most, when the receiver answers 5xx or 429 or cannot be reached (1..10)
 * @param retryDelay the pause before the second attempt, doubled before each later one (10ms..1m)
 * @param commandTimeout how long the command may run before it is killed, 100ms..1h
 */
@ConfigurationProperties("avala.alerts")
public record AlertProperties(String webhookUrl, List<String> command, @DefaultValue("false") boolean onSuccess,
		@DefaultValue("10s") Duration timeout, @DefaultValue("3") int maxAttempts,
		@DefaultValue("1s") Duration retryDelay, @DefaultValue("60s") Duration commandTimeout) {

	public AlertProperties {
		webhookUrl = (webhookUrl != null && !webhookUrl.isBlank()) ? webhookUrl.strip() : null;
		command = (command != null) ? command.stream().filter((part) -> !part.isBlank()).toList() : List.of();
		if (webhookUrl != null) {
			checkUrl(webhookUrl);
		}
		between("avala.alerts.timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5), "10s");
		between("avala.alerts.retry-delay", retryDelay, Duration.ofMillis(10), Duration.ofMinutes(1), "1s");
		between("avala.alerts.command-timeout", commandTimeout, Duration.ofMillis(100), Duration.ofHours(1), "60s");
		if (maxAttempts < 1 || maxAttempts > 10) {
			throw new IllegalArgumentException("avala.alerts.max-attempts must be between 1 and 10, was " + maxAttempts);
		}
	}

	public boolean webhook() {
		return this.webhookUrl != null;
	}

	public boolean commandHook() {
		return !this.command.isEmpty();
	}

	/** The webhook URL as it may be printed: scheme and host, the rest (where the token is) hidden. */
	public String maskedWebhookUrl() {
		return (this.webhookUrl != null) ? mask(this.webhookUrl) : null;
	}

	static String mask(String url) {
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "") + "/****";
		}
		catch (IllegalArgumentException ex) {
			return "****";
		}
	}

	@Override
	public String toString() {
		return "AlertProperties[webhookUrl=" + maskedWebhookUrl() + ", command=" + this.command + ", onSuccess="
				+ this.onSuccess + ", timeout=" + this.timeout + ", maxAttempts=" + this.maxAttempts + ", retryDelay="
				+ this.retryDelay + ", commandTimeout=" + this.commandTimeout + "]";
	}

	private static void checkUrl(String url) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null
				|| !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
			// Never echo the value: the URL is the webhook's credential.
			throw new IllegalArgumentException("avala.alerts.webhook-url must be an http:// or https:// URL with a host "
					+ "(e.g. a Slack incoming-webhook URL); the value given is not (not shown: it may hold a token)");
		}
	}

	private static void between(String name, Duration value, Duration min, Duration max, String example) {
		if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException(name + " must be between " + min.toString().substring(2).toLowerCase()
					+ " and " + max.toString().substring(2).toLowerCase() + " (e.g. " + example + "), was " + value);
		}
	}

}
