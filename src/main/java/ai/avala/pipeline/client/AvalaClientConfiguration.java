package ai.avala.pipeline.client;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import ai.avala.pipeline.metrics.ClientMeters;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires the Avala API client and the storage client. Each has its own pooled connection provider; neither
 * follows redirects (Reactor Netty's default, stated here because the key must not follow a redirect).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AvalaProperties.class)
public class AvalaClientConfiguration {

	/**
	 * The sleeper of the waits for progress (dataset ready, annotation complete, export done): a webhook or a
	 * stop request wakes it. It is deliberately not the one the retrier and the rate budget use.
	 */
	@Bean
	WakeableSleeper sleeper() {
		return new WakeableSleeper();
	}

	/** Retry-After and back-off waits are the server's or the policy's: no wake-up may cut them short. */
	@Bean
	Retrier avalaRetrier(AvalaProperties properties, ObjectProvider<ClientMeters> meters) {
		RetrySettings settings = properties.retry().settings();
		Backoff backoff = new Backoff(settings.baseDelay(), settings.maxDelay(),
				() -> ThreadLocalRandom.current().nextDouble());
		return new Retrier(settings, backoff, Sleeper.unwakeable(), meters(meters));
	}

	@Bean
	AvalaClient avalaClient(AvalaProperties properties, Retrier avalaRetrier, ObjectProvider<ClientMeters> meters) {
		WebClient webClient = webClient(properties, "avala-api");
		RateBudget budget = new RateBudget(Clock.systemUTC(), Sleeper.unwakeable(), meters(meters));
		AvalaHttp http = new AvalaHttp(webClient, properties, new ApiErrors(AvalaJson.mapper()), budget,
				meters(meters));
		return new AvalaClient(http, avalaRetrier);
	}

	@Bean
	StorageClient storageClient(AvalaProperties properties, ObjectProvider<ClientMeters> meters) {
		HttpClient httpClient = httpClient(properties, "avala-storage");
		return new StorageClient(webClient(httpClient), httpClient, properties.callTimeout(), properties.connectTimeout(),
				meters(meters));
	}

	/** The application's meters; a context without them (a test of the client alone) counts nowhere. */
	private static ClientMeters meters(ObjectProvider<ClientMeters> meters) {
		return meters.getIfAvailable(ClientMeters::none);
	}

	private static WebClient webClient(AvalaProperties properties, String poolName) {
		return webClient(httpClient(properties, poolName));
	}

	private static HttpClient httpClient(AvalaProperties properties, String poolName) {
		ConnectionProvider pool = ConnectionProvider.builder(poolName)
			.maxConnections(properties.maxConnections())
			.pendingAcquireMaxCount(-1)
			.build();
		return HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.readTimeout())
			.followRedirect(false);
	}

	private static WebClient webClient(HttpClient httpClient) {
		return WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

}
