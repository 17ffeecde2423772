package ai.avala.pipeline.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.httpserver.JdkHttpServers;
import ai.avala.pipeline.metrics.WebhookMeters;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server for Avala's webhook deliveries ({@code POST /webhooks/avala}), running beside a job (the
 * {@code run} command starts one for the run; a scheduler can start one for its lifetime). It needs no web
 * framework: one path, one method, answers in milliseconds. Threads, queue and the time a client may take to
 * send a request are bounded (see {@link ReceiverExecutor}). Closing it logs what it received.
 */
public final class WebhookReceiver implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

	/** Deliveries are tiny and answered at once; a few threads keep one slow client from blocking the rest. */
	static final int THREADS = 4;

	private final HttpServer server;

	private final ReceiverExecutor executor;

	private final WebhookCounters counters;

	private WebhookReceiver(HttpServer server, ReceiverExecutor executor, WebhookCounters counters) {
		this.server = server;
		this.executor = executor;
		this.counters = counters;
	}

	/**
	 * Starts a receiver on {@code properties.bindAddress()}:{@code properties.port()} ({@code 0} picks a free
	 * port, for tests).
	 */
	public static WebhookReceiver start(WebhookProperties properties, DeliveryStore deliveries,
			WakeableSleeper sleeper, AwaitedProjects awaited) {
		return start(properties, deliveries, sleeper, awaited, WebhookMeters.none());
	}

	/** The same, counting each delivery's outcome in {@code meters} too. */
	public static WebhookReceiver start(WebhookProperties properties, DeliveryStore deliveries,
			WakeableSleeper sleeper, AwaitedProjects awaited, WebhookMeters meters) {
		if (!properties.hasSecret()) {
			throw new IllegalArgumentException("avala.webhook.secret is required to receive webhooks "
					+ "(set AVALA_WEBHOOK_SECRET)");
		}
		WebhookCounters counters = new WebhookCounters(meters);
		HttpServer server = bind(properties);
		ReceiverExecutor executor = new ReceiverExecutor(THREADS, properties.maxPending(), properties.readTimeout(),
				counters);
		server.createContext("/", new WebhookHandler(properties.secret(), deliveries, sleeper, awaited, counters));
		server.setExecutor(executor);
		server.start();
		WebhookReceiver receiver = new WebhookReceiver(server, executor, counters);
		log.info("Receiving Avala webhooks at {}", receiver.url());
		return receiver;
	}

	private static HttpServer bind(WebhookProperties properties) {
		try {
			InetAddress address = InetAddress.getByName(properties.bindAddress());
			return JdkHttpServers.create(new InetSocketAddress(address, properties.port()), 64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the webhook receiver could not listen on " + properties.bindAddress()
					+ ":" + properties.port() + " (avala.webhook.bind-address/port): " + ex.getMessage(), ex);
		}
	}

	/** Where the receiver listens, e.g. {@code http://127.0.0.1:8090/webhooks/avala}. */
	public URI url() {
		InetSocketAddress address = this.server.getAddress();
		String host = address.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
				: address.getAddress().getHostAddress();
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		return URI.create("http://" + host + ":" + address.getPort() + WebhookProperties.PATH);
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public WebhookCounters counters() {
		return this.counters;
	}

	@Override
	public void close() {
		// No grace period (on Java 17 it is always waited out in full): Avala retries a delivery cut short.
		this.server.stop(0);
		this.executor.shutdownNow();
		log.info("Webhook receiver stopped: {}", this.counters);
	}

}
