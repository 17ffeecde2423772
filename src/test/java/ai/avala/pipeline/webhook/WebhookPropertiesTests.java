package ai.avala.pipeline.webhook;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(UserConfigurations.of(Properties.class));

	@Test
	void defaultsToNoReceiverAndNoSubscription() {
		this.contexts.run((context) -> {
			WebhookProperties properties = context.getBean(WebhookProperties.class);
			assertThat(properties.receives()).isFalse();
			assertThat(properties.subscribes()).isFalse();
			assertThat(properties.bindAddress()).isEqualTo("127.0.0.1");
			assertThat(properties.dedupeRetention()).isEqualTo(Duration.ofHours(72));
		});
	}

	@Test
	void aPortWithoutASecretFailsAtStartUpNamingTheProperty() {
		this.contexts.withPropertyValues("avala.webhook.port=8090")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("avala.webhook.secret")
				.hasMessageContaining("AVALA_WEBHOOK_SECRET"));
	}

	@Test
	void aRelativePublicUrlIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookProperties(0, "127.0.0.1", URI.create("/webhooks/avala"), "s",
					Duration.ofHours(72), 64, Duration.ofSeconds(10)))
			.withMessageContaining("avala.webhook.public-url");
	}

	@Test
	void aMaxPendingOutsideItsRangeFailsAtStartUpNamingTheProperty() {
		this.contexts.withPropertyValues("avala.webhook.max-pending=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("avala.webhook.max-pending must be 1..10000, was 0"));
	}

	@Test
	void aReadTimeoutOutsideItsRangeFailsAtStartUpNamingTheProperty() {
		this.contexts.withPropertyValues("avala.webhook.read-timeout=1h")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("avala.webhook.read-timeout must be 100ms..5m"));
	}

	@Test
	void toStringMasksTheSecret() {
		WebhookProperties properties = new WebhookProperties(8090, "127.0.0.1", null, "whsec_very_secret",
				Duration.ofHours(72), 64, Duration.ofSeconds(10));
		assertThat(properties.toString()).doesNotContain("whsec_very_secret").contains("secret=****");
	}

	@org.springframework.boot.context.properties.EnableConfigurationProperties(WebhookProperties.class)
	static class Properties {

	}

}
