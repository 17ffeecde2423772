package ai.avala.pipeline.cli;

import java.util.Map;
import java.util.Optional;

import ai.avala.pipeline.AvalaPipelineApplication;
import ai.avala.pipeline.database.DatabaseUnavailableException;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts the Spring context for a command. Settings from the command line and the environment (the API key
 * among them) go in as an in-memory property source: never as command-line arguments, which other users of
 * the machine can read.
 */
final class PipelineContext {

	private PipelineContext() {
	}

	static ConfigurableApplicationContext start(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("avala-pipeline-cli", properties));
		try {
			return new SpringApplicationBuilder(AvalaPipelineApplication.class).web(WebApplicationType.NONE)
				.environment(environment)
				.logStartupInfo(false)
				// The command decides when the context closes (after a stopped job has been recorded as STOPPED).
				.registerShutdownHook(false)
				.run();
		}
		catch (RuntimeException ex) {
			// The environment holds the configuration files by now, so the URL named is the one really used.
			Optional<DatabaseUnavailableException> database = DatabaseUnavailableException.of(ex,
					environment.getProperty("spring.datasource.url"));
			if (database.isPresent()) {
				throw database.get();
			}
			throw ex;
		}
	}

}
