package ai.avala.pipeline.client;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach the Avala API. Bound from {@code avala.*}; the command line fills {@code base-url} from
 * {@code AVALA_BASE_URL} and {@code api-key} from {@code AVALA_API_KEY}.
 *
 * @param baseUrl the API root, e.g. {@code https://api.avala.ai/api/v1}
 * @param apiKey the API key sent as {@code X-Avala-Api-Key}; never printed (see {@link #toString()})
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout time allowed between bytes of an answer
 * @param callTimeout time allowed for one whole API call (not for file transfers, which scale with size)
 * @param maxConnections connections kept open to each host
 * @param createSettleWindow how long after an ambiguous answer to a create (timeout, dropped connection, 5xx) the
 * service may still carry it out: the resource is looked up over this window before the create is sent again
 * @param retry how hard to retry failed calls
 */
@ConfigurationProperties("avala")
public record AvalaProperties(@DefaultValue("https://api.avala.ai/api/v1") URI baseUrl, String apiKey,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout,
		@DefaultValue("120s") Duration callTimeout, @DefaultValue("64") int maxConnections,
		@DefaultValue("2m") Duration createSettleWindow, @DefaultValue Retry retry) {

	public AvalaProperties {
		if (baseUrl == null || !baseUrl.isAbsolute() || !baseUrl.getScheme().startsWith("http")) {
			throw new IllegalArgumentException("avala.base-url must be an absolute http(s) URL, was " + baseUrl);
		}
		RetrySettings.requirePositive("avala.connect-timeout", connectTimeout);
		RetrySettings.requirePositive("avala.read-timeout", readTimeout);
		RetrySettings.requirePositive("avala.call-timeout", callTimeout);
		RetrySettings.requirePositive("avala.create-settle-window", createSettleWindow);
		if (maxConnections < 1) {
			throw new IllegalArgumentException("avala.max-connections must be at least 1, was " + maxConnections);
		}
	}

	/** The base URL without a trailing slash, so that paths (which all start with '/') append cleanly. */
	public String root() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	public boolean hasApiKey() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	@Override
	public String toString() {
		return "AvalaProperties[baseUrl=" + this.baseUrl + ", apiKey=" + (hasApiKey() ? "****" : "(none)")
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + ", callTimeout="
				+ this.callTimeout + ", createSettleWindow=" + this.createSettleWindow + ", retry=" + this.retry + "]";
	}

	/**
	 * Retry settings.
	 *
	 * @param maxAttempts attempts per call for connection faults and 5xx, the first included
	 * @param baseDelay the back-off's first ceiling
	 * @param maxDelay the back-off's cap
	 * @param maxThrottleWait total time one call may wait out 429s before it fails
	 */
	public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("500ms") Duration baseDelay,
			@DefaultValue("30s") Duration maxDelay, @DefaultValue("10m") Duration maxThrottleWait) {

		public RetrySettings settings() {
			return new RetrySettings(this.maxAttempts, this.baseDelay, this.maxDelay, this.maxThrottleWait);
		}

	}

}
