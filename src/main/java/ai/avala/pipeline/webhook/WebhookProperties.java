package ai.avala.pipeline.webhook;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Receiving Avala webhooks. Bound from {@code avala.webhook.*}; the command line fills {@code secret} from
 * {@code AVALA_WEBHOOK_SECRET}. Webhooks only shorten waits: polling stays the backstop, so every setting is
 * optional and the default is off.
 *
 * @param port port of the local receiver; {@code 0} (the default) runs none
 * @param bindAddress address the receiver binds; loopback by default, so exposing it is a deliberate choice
 *     (a reverse proxy or tunnel in front of it is the usual way)
 * @param publicUrl the URL Avala should call; when set together with {@code secret}, each run registers a
 *     subscription for it
 * @param secret the shared HMAC secret; sent to Avala when registering, never logged (see {@link #toString()})
 * @param dedupeRetention how long a delivery id is remembered; Avala retries one delivery for far less, so
 *     anything over a few hours only guards against late replays
 * @param maxPending deliveries that may wait for a receiver thread; beyond that they are answered 503 with
 *     Retry-After (Avala retries them), so a flood cannot grow memory without bound
 * @param readTimeout time a client may take to send one whole request (headers and body) before the receiver
 *     closes the connection, so a stalled client cannot hold a thread
 */
@ConfigurationProperties("avala.webhook")
public record WebhookProperties(@DefaultValue("0") int port, @DefaultValue("127.0.0.1") String bindAddress,
		URI publicUrl, String secret, @DefaultValue("72h") Duration dedupeRetention,
		@DefaultValue("64") int maxPending, @DefaultValue("10s") Duration readTimeout) {

	/** The path the receiver serves, and that a public URL pointing at it should end with. */
	public static final String PATH = "/webhooks/avala";

	public WebhookProperties {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("avala.webhook.port must be 0..65535 (0 = no receiver), was " + port);
		}
		if (bindAddress == null || bindAddress.isBlank()) {
			throw new IllegalArgumentException("avala.webhook.bind-address must not be empty");
		}
		if (publicUrl != null && (!publicUrl.isAbsolute() || publicUrl.getHost() == null
				|| !(publicUrl.getScheme().equals("http") || publicUrl.getScheme().equals("https")))) {
			throw new IllegalArgumentException("avala.webhook.public-url must be an absolute http(s) URL, was "
					+ publicUrl);
		}
		if (port > 0 && (secret == null || secret.isBlank())) {
			throw new IllegalArgumentException("avala.webhook.secret is required when avala.webhook.port is set: "
					+ "unsigned deliveries cannot be trusted (set AVALA_WEBHOOK_SECRET)");
		}
		if (dedupeRetention == null || dedupeRetention.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException("avala.webhook.dedupe-retention must be at least 1h, was "
					+ dedupeRetention);
		}
		if (maxPending < 1 || maxPending > 10_000) {
			throw new IllegalArgumentException("avala.webhook.max-pending must be 1..10000, was " + maxPending);
		}
		if (readTimeout == null || readTimeout.compareTo(Duration.ofMillis(100)) < 0
				|| readTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException("avala.webhook.read-timeout must be 100ms..5m, was " + readTimeout);
		}
	}

	public static WebhookProperties off() {
		return new WebhookProperties(0, "127.0.0.1", null, null, Duration.ofHours(72), 64, Duration.ofSeconds(10));
	}

	public boolean hasSecret() {
		return this.secret != null && !this.secret.isBlank();
	}

	/** Whether a local receiver should run. */
	public boolean receives() {
		return this.port > 0;
	}

	/** Whether runs register a subscription with Avala. */
	public boolean subscribes() {
		return this.publicUrl != null && hasSecret();
	}

	@Override
	public String toString() {
		return "WebhookProperties[port=" + this.port + ", bindAddress=" + this.bindAddress + ", publicUrl="
				+ this.publicUrl + ", secret=" + (hasSecret() ? "****" : "(none)") + ", dedupeRetention="
				+ this.dedupeRetention + ", maxPending=" + this.maxPending + ", readTimeout=" + this.readTimeout + "]";
	}

}
