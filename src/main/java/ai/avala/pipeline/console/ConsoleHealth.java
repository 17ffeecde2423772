package ai.avala.pipeline.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.AvalaAuthenticationException;
import ai.avala.pipeline.client.AvalaClient;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The console's own health components, next to Boot's {@code db} (the job repository): {@code scheduler} (UP while
 * this process's Quartz scheduler runs, UNKNOWN in a console without one) and {@code avala} (whether the API
 * answers: with a key an authenticated read, without one any HTTP answer from the base URL). The Avala check is
 * cached for half a minute: a scraper polling health must not spend the API's rate limit.
 */
final class ConsoleHealth {

	private static final Duration AVALA_CACHE = Duration.ofSeconds(30);

	private ConsoleHealth() {
	}

	static HealthIndicator scheduler(Scheduler scheduler, boolean expected) {
		return () -> {
			if (!expected) {
				return Health.unknown().withDetail("detail", "no scheduler in this process (console only)").build();
			}
			try {
				boolean running = scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
				return (running ? Health.up() : Health.down()).withDetail("name", scheduler.getSchedulerName())
					.withDetail("runningJobs", scheduler.getCurrentlyExecutingJobs().size())
					.build();
			}
			catch (SchedulerException ex) {
				return Health.down().withDetail("error", ex.getMessage()).build();
			}
		};
	}

	/** @param api the client, or null without an API key */
	static HealthIndicator avala(String baseUrl, AvalaClient api) {
		Supplier<Health> check = () -> (api != null) ? authenticated(baseUrl, api) : reachable(baseUrl);
		return new HealthIndicator() {

			private Health last;

			private long checkedAt;

			@Override
			public synchronized Health health() {
				long now = System.currentTimeMillis();
				if (this.last == null || now - this.checkedAt > AVALA_CACHE.toMillis()) {
					this.last = check.get();
					this.checkedAt = now;
				}
				return this.last;
			}

		};
	}

	private static Health authenticated(String baseUrl, AvalaClient api) {
		try {
			api.organizations();
			return Health.up().withDetail("baseUrl", baseUrl).withDetail("key", "accepted").build();
		}
		catch (AvalaAuthenticationException ex) {
			return Health.down().withDetail("baseUrl", baseUrl).withDetail("key", "refused (HTTP 401)").build();
		}
		catch (AvalaApiException | IllegalStateException ex) {
			return Health.down().withDetail("baseUrl", baseUrl).withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

	private static Health reachable(String baseUrl) {
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/organizations/"))
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build(), HttpResponse.BodyHandlers.discarding());
			return Health.up().withDetail("baseUrl", baseUrl).withDetail("answered", answer.statusCode())
				.withDetail("key", "not set: reachability only").build();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return Health.down().withDetail("baseUrl", baseUrl).withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

}
