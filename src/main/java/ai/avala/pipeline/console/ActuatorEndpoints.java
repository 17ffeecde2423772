package ai.avala.pipeline.console;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

/**
 * {@code /actuator/health} and {@code /actuator/prometheus} on the console's port, answered by Spring Boot
 * Actuator's own endpoint beans invoked directly: no servlet or reactive web server is started for them.
 */
final class ActuatorEndpoints {

	private final HealthEndpoint health;

	private final PrometheusScrapeEndpoint prometheus;

	private final ConsoleMetrics metrics;

	private final JsonMapper json = JsonMapper.builder().build();

	ActuatorEndpoints(HealthEndpoint health, PrometheusScrapeEndpoint prometheus, ConsoleMetrics metrics) {
		this.health = health;
		this.prometheus = prometheus;
		this.metrics = metrics;
	}

	/** An answer: HTTP status, content type and body. */
	record Answer(int status, String contentType, byte[] body) {
	}

	Answer health() {
		return answer(this.health.health());
	}

	/**
	 * A health group ({@code liveness}, {@code readiness}) or one component ({@code db}, {@code avala}), as
	 * {@code /actuator/health/<path>}: a liveness probe must not restart the scheduler because Avala is unreachable.
	 * Null when there is no such group or component.
	 */
	Answer health(String... path) {
		HealthDescriptor descriptor = this.health.healthForPath(path);
		return (descriptor != null) ? answer(descriptor) : null;
	}

	private Answer answer(HealthDescriptor descriptor) {
		int status = Status.UP.equals(descriptor.getStatus()) || Status.UNKNOWN.equals(descriptor.getStatus()) ? 200 : 503;
		return new Answer(status, "application/json", this.json.writeValueAsBytes(descriptor));
	}

	Answer prometheus() {
		this.metrics.refresh();
		PrometheusOutputFormat format = PrometheusOutputFormat.CONTENT_TYPE_004;
		byte[] body = this.prometheus.scrape(format, null).getBody();
		return new Answer(200, format.getProducedMimeType().toString(), (body != null) ? body : new byte[0]);
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
