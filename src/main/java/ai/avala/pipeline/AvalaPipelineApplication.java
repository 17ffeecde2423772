package ai.avala.pipeline;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Boot application that runs the Avala annotation lifecycle as a Spring Batch job.
 */
@SpringBootApplication
public class AvalaPipelineApplication {

	public static void main(String[] args) {
		System.exit(0);
	}

}
