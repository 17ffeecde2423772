package ai.avala.pipeline.cli;

import java.util.Map;

import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.webhook.AwaitedProjects;
import ai.avala.pipeline.webhook.DeliveryStore;
import ai.avala.pipeline.webhook.WebhookProperties;
import ai.avala.pipeline.webhook.WebhookReceiver;
import ai.avala.pipeline.metrics.WebhookMeters;
import picocli.CommandLine.Option;

import org.springframework.context.ApplicationContext;

/**
 * The webhook options shared by {@code run} and {@code scheduler}: where to receive Avala's signed deliveries.
 * The secret comes from {@code AVALA_WEBHOOK_SECRET} like the API key from {@code AVALA_API_KEY}: never from
 * the command line.
 */
final class WebhookOptions {

	@Option(names = "--webhook-port", paramLabel = "<port>",
			description = "Receive Avala webhooks on this port, so a wait ends as soon as annotation does "
					+ "(needs AVALA_WEBHOOK_SECRET; Avala must reach --avala.webhook.public-url)")
	Integer port;

	@Option(names = "--webhook-bind", paramLabel = "<address>",
			description = "Address the webhook receiver listens on (default: 127.0.0.1)")
	String bind;

	/**
	 * Adds the webhook settings to {@code properties}. With {@code loopback} (the sandbox) the public URL
	 * defaults to the receiver's loopback address.
	 */
	void apply(Map<String, Object> properties, Map<String, String> env, boolean loopback) {
		if (properties.containsKey("avala.webhook.secret")) {
			throw new UsageException("do not pass the webhook secret on the command line, where other users can "
					+ "read it; set AVALA_WEBHOOK_SECRET instead");
		}
		String secret = env.get("AVALA_WEBHOOK_SECRET");
		boolean hasSecret = secret != null && !secret.isBlank();
		if (hasSecret) {
			properties.put("avala.webhook.secret", secret);
		}
		if (this.port == null || this.port == 0) {
			return;
		}
		if (this.port < 0 || this.port > 65535) {
			throw new UsageException("--webhook-port must be 1..65535, was " + this.port);
		}
		if (!hasSecret) {
			throw new UsageException("--webhook-port needs AVALA_WEBHOOK_SECRET: export it with the secret that "
					+ "signs Avala's deliveries (unsigned deliveries are refused)");
		}
		properties.put("avala.webhook.port", this.port);
		if (this.bind != null) {
			properties.put("avala.webhook.bind-address", this.bind);
		}
		if (loopback) {
			properties.putIfAbsent("avala.webhook.public-url", "http://127.0.0.1:" + this.port + WebhookProperties.PATH);
		}
	}

	/** Starts the receiver when a port is configured; the returned handle stops it (a no-op otherwise). */
	static AutoCloseable startReceiver(ApplicationContext context) {
		WebhookProperties properties = context.getBean(WebhookProperties.class);
		if (!properties.receives()) {
			return () -> {
			};
		}
		return WebhookReceiver.start(properties, context.getBean(DeliveryStore.class),
				context.getBean(WakeableSleeper.class), context.getBean(AwaitedProjects.class),
				context.getBean(WebhookMeters.class));
	}

}
