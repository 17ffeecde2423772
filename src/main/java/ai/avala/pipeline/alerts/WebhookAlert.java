package ai.avala.pipeline.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs an alert's JSON body to the configured webhook, each attempt bounded by the timeout; a 5xx, a 429 or a
 * connection fault is tried again after a pause that doubles, up to the attempts allowed. No redirect is followed
 * (the body would go somewhere not configured). Never throws: it answers what went wrong, or null.
 */
final class WebhookAlert {

	private final AlertProperties properties;

	private final HttpClient client;

	WebhookAlert(AlertProperties properties) {
		this.properties = properties;
		// HTTP/1.1: no h2c upgrade dance with receivers (chat hooks, small scripts) that only speak 1.1.
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** @return null when delivered, else what happened at the last attempt */
	String send(String body) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.properties.webhookUrl()))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
		Duration pause = this.properties.retryDelay();
		String problem = null;
		for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
			if (attempt > 1) {
				Thread.sleep(pause.toMillis());
				pause = pause.multipliedBy(2);
			}
			try {
				int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status >= 200 && status < 300) {
					return null;
				}
				problem = "HTTP " + status;
				if (status < 500 && status != 429) {
					// Refused for good (a revoked hook, a bad body): the same request would be refused again.
					return problem + " (not retried)";
				}
			}
			catch (IOException ex) {
				problem = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
			}
		}
		return problem + " after " + this.properties.maxAttempts() + " attempt(s)";
	}

}
