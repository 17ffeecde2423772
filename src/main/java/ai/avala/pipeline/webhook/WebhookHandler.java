package ai.avala.pipeline.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import ai.avala.pipeline.client.WakeableSleeper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one delivery to {@code POST /webhooks/avala}: verify the signature over the raw body, drop repeats of a
 * delivery id, wake the waiting steps if the delivery may matter, answer 204. It only inserts one row and
 * signals a condition, so it answers well within Avala's 10 s and never waits for the job.
 */
final class WebhookHandler implements HttpHandler {

	private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

	/** Avala's resources are a few hundred bytes; anything near this is not a delivery. */
	static final int MAX_BODY_BYTES = 1024 * 1024;

	static final String SIGNATURE = "X-Avala-Webhook-Signature";

	static final String EVENT = "X-Avala-Webhook-Event";

	static final String DELIVERY = "X-Avala-Webhook-Delivery";

	private final String secret;

	private final DeliveryStore deliveries;

	private final WakeableSleeper sleeper;

	private final AwaitedProjects awaited;

	private final WebhookCounters counters;

	WebhookHandler(String secret, DeliveryStore deliveries, WakeableSleeper sleeper, AwaitedProjects awaited,
			WebhookCounters counters) {
		this.secret = secret;
		this.deliveries = deliveries;
		this.sleeper = sleeper;
		this.awaited = awaited;
		this.counters = counters;
	}

	/** Seconds Avala is asked to wait before retrying a delivery the receiver had no room for. */
	static final String BUSY_RETRY_AFTER = "5";

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (ReceiverExecutor.overloaded()) {
				busy(exchange);
			}
			else if (!WebhookProperties.PATH.equals(exchange.getRequestURI().getPath())) {
				this.counters.countRejectedOther();
				exchange.sendResponseHeaders(404, -1);
			}
			else if (!"POST".equals(exchange.getRequestMethod())) {
				this.counters.countRejectedOther();
				exchange.getResponseHeaders().set("Allow", "POST");
				exchange.sendResponseHeaders(405, -1);
			}
			else {
				exchange.sendResponseHeaders(receive(exchange), -1);
			}
		}
	}

	/** Over the bound: 503 at once, body unread, so Avala retries later (the delivery is not lost). */
	private void busy(HttpExchange exchange) throws IOException {
		if (this.counters.countBusy() == 1) {
			log.warn("Webhook receiver busy: answering 503 to deliveries beyond avala.webhook.max-pending "
					+ "(Avala retries them)");
		}
		exchange.getResponseHeaders().set("Retry-After", BUSY_RETRY_AFTER);
		exchange.getResponseHeaders().set("Connection", "close");
		exchange.sendResponseHeaders(503, -1);
	}

	private int receive(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
		if (!ReceiverExecutor.requestRead()) {
			throw new IOException("the request was not received within avala.webhook.read-timeout");
		}
		if (body.length > MAX_BODY_BYTES) {
			this.counters.countRejectedOther();
			return 413;
		}
		String event = exchange.getRequestHeaders().getFirst(EVENT);
		String delivery = exchange.getRequestHeaders().getFirst(DELIVERY);
		String signature = exchange.getRequestHeaders().getFirst(SIGNATURE);
		if (signature == null || !WebhookSignature.verify(body, this.secret, signature)) {
			this.counters.countRejectedSignature();
			log.warn("Rejected webhook delivery {} (event {}) from {}: {}", printable(delivery), printable(event),
					exchange.getRemoteAddress().getAddress().getHostAddress(),
					(signature == null) ? "no " + SIGNATURE + " header"
							: "the signature does not match the body (a different secret, or an altered body)");
			return 401;
		}
		return accept(event, delivery, body);
	}

	private int accept(String event, String delivery, byte[] body) {
		try {
			// Without an id (Avala always sends one) a delivery cannot be de-duplicated; it is still a valid hint.
			if (delivery != null && !this.deliveries.firstTime(storedId(delivery), event)) {
				this.counters.countDuplicate();
				log.debug("Webhook delivery {} ({}) is a repeat; ignored", printable(delivery), printable(event));
				return 204;
			}
		}
		catch (RuntimeException ex) {
			// The store is down: wake anyway (harmless) and let Avala retry so the delivery is recorded later.
			this.counters.countRejectedOther();
			log.warn("Could not record webhook delivery {}: {}; answering 503", printable(delivery), ex.getMessage());
			this.sleeper.wakeAll();
			return 503;
		}
		this.counters.countAccepted();
		List<String> projects = DeliveryBody.projectUids(event, body);
		boolean wake = this.awaited.shouldWake(event, projects);
		if (wake) {
			this.counters.countWake();
			// Wakes every wait in this JVM, not only the one for these projects: each then checks once.
			this.sleeper.wakeAll();
		}
		log.debug("Webhook delivery {} ({}) for project(s) {}: {}; {}", printable(delivery), printable(event),
				projects, wake ? "woke the wait" : "no wake needed yet", this.counters);
		return 204;
	}

	/** A UUID fits the column as it is; anything longer is stored as its SHA-256 (64 hex digits). */
	static String storedId(String delivery) {
		if (delivery.length() <= 64) {
			return delivery;
		}
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(delivery.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Header values come from anyone who can reach the port: keep log lines one short, harmless line. */
	static String printable(String value) {
		if (value == null) {
			return "(none)";
		}
		String clean = value.replaceAll("[^A-Za-z0-9._:/-]", "?");
		return (clean.length() > 64) ? clean.substring(0, 64) + "..." : clean;
	}

}
