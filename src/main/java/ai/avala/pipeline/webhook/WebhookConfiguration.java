package ai.avala.pipeline.webhook;

import java.time.Clock;

import javax.sql.DataSource;

import ai.avala.pipeline.client.AvalaClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires what webhooks need in every context: the settings, the delivery store, the subscriber and the wake
 * rule. The receiver itself is started by whoever owns the process lifetime (the {@code run} command, or a
 * scheduler) with {@link WebhookReceiver#start}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

	@Bean
	DeliveryStore webhookDeliveryStore(DataSource dataSource, Clock clock, WebhookProperties properties) {
		return new DeliveryStore(dataSource, clock, properties.dedupeRetention());
	}

	@Bean
	WebhookSubscriber webhookSubscriber(AvalaClient api, WebhookProperties properties) {
		return new WebhookSubscriber(api, properties);
	}

	@Bean
	AwaitedProjects awaitedProjects() {
		return new AwaitedProjects();
	}

}
