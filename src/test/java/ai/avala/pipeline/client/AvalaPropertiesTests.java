package ai.avala.pipeline.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class AvalaPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(UserConfigurations.of(Properties.class));

	@Test
	void theCreateSettleWindowCoversAGatewayTimeoutByDefault() {
		this.contexts.run((context) -> assertThat(context.getBean(AvalaProperties.class).createSettleWindow())
			.isEqualTo(Duration.ofMinutes(2)));
	}

	@Test
	void aCreateSettleWindowThatIsNotPositiveFailsAtStartUpNamingTheProperty() {
		this.contexts.withPropertyValues("avala.create-settle-window=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("avala.create-settle-window must be a positive duration"));
	}

	@EnableConfigurationProperties(AvalaProperties.class)
	static class Properties {

	}

}
