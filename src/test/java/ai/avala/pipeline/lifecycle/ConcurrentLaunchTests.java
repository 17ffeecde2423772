package ai.avala.pipeline.lifecycle;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several runs launched at the same instant on one job repository (one scheduler firing several jobs, or several
 * hosts): each gets its job instance and execution. With Spring Batch's default SERIALIZABLE isolation for creating
 * them, PostgreSQL refused all but a few ("could not serialize access due to read/write dependencies"), and those
 * fires were lost; the application's configuration (loaded here as the tool loads it) creates them READ_COMMITTED.
 */
@OnPostgres
class ConcurrentLaunchTests {

	private static final int RUNS = 8;

	@TempDir
	Path folder;

	@Test
	void eightRunsCreatedAtTheSameInstantAllGetTheirExecution() {
		List<String> properties = new ArrayList<>(TestDatabase.properties(this.folder));
		properties.add("spring.batch.job.enabled=false");
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, BatchAutoConfiguration.class,
					BatchJdbcAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> {
				JobRepository repository = context.getBean(JobRepository.class);
				CyclicBarrier together = new CyclicBarrier(RUNS);
				ExecutorService threads = Executors.newFixedThreadPool(RUNS);
				try {
					List<Future<JobExecution>> launched = new ArrayList<>();
					for (int i = 0; i < RUNS; i++) {
						launched.add(threads.submit(create(repository, together, "night-" + i)));
					}
					for (Future<JobExecution> execution : launched) {
						assertThat(execution.get(60, TimeUnit.SECONDS).getId()).isPositive();
					}
				}
				finally {
					threads.shutdownNow();
				}
			});
	}

	private static Callable<JobExecution> create(JobRepository repository, CyclicBarrier together, String name) {
		return () -> {
			JobParameters parameters = RunParameters.of(Path.of("/jobs/" + name + ".yml"), name,
					LocalDate.parse("2026-11-30"), Map.of());
			together.await(30, TimeUnit.SECONDS);
			return repository.createJobExecution(
					repository.createJobInstance(AnnotationLifecycleJobConfiguration.JOB_NAME, parameters), parameters,
					new ExecutionContext());
		};
	}

}
