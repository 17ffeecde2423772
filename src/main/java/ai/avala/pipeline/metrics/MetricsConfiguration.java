package ai.avala.pipeline.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The tool's meters on the context's {@link MeterRegistry}: Boot's composite, which holds the
 * {@code PrometheusMeterRegistry} that {@code micrometer-registry-prometheus} brings (the scheduler serves its
 * scrape). Every meter is listed in docs/metrics.md.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

	@Bean
	ClientMeters clientMeters(MeterRegistry registry) {
		return new ClientMeters(registry);
	}

	@Bean
	UploadMeters uploadMeters(MeterRegistry registry) {
		return new UploadMeters(registry);
	}

	@Bean
	WebhookMeters webhookMeters(MeterRegistry registry) {
		return new WebhookMeters(registry);
	}

	@Bean
	RunCallRecorder runCallRecorder(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new RunCallRecorder(jobRepository, transactionManager);
	}

}
