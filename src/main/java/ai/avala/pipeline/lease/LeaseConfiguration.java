package ai.avala.pipeline.lease;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the run leases onto the job repository's database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaseProperties.class)
class LeaseConfiguration {

	@Bean
	RunLeases runLeases(DataSource dataSource, LeaseProperties properties) {
		return new RunLeases(dataSource, properties, LeaseOwner.processScope());
	}

}
