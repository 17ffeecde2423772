package ai.avala.pipeline.schedule;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EarlierRunsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, BatchAutoConfiguration.class,
				BatchJdbcAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:earlier-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.batch.job.enabled=false");

	@Test
	void warnsAboutTheLatestEarlierRunWhenItDidNotCompleteAndLeavesItAlone(CapturedOutput output) {
		this.runner.run((context) -> {
			// given
			JobRepository repository = context.getBean(JobRepository.class);
			run(repository, "nightly", "2026-11-26", BatchStatus.COMPLETED);
			JobExecution failed = run(repository, "nightly", "2026-11-28", BatchStatus.FAILED);
			run(repository, "other", "2026-11-28", BatchStatus.COMPLETED);
			run(repository, "nightly", "2026-11-30", BatchStatus.FAILED);
			EarlierRuns earlierRuns = new EarlierRuns(repository);
			// when
			earlierRuns.warnIfUnfinished("night-run", parameters("nightly", "2026-11-29"));
			// then
			assertThat(earlierRuns.latestBefore(parameters("nightly", "2026-11-29"))).map(JobExecution::getId)
				.contains(failed.getId());
			assertThat(output).contains("Schedule night-run: the earlier run nightly 2026-11-28 ended FAILED (execution "
					+ failed.getId() + "); it is left alone and not resumed by this fire ('restart " + failed.getId());
		});
	}

	@Test
	void saysNothingWhenTheLatestEarlierRunCompletedEvenIfAnOlderOneFailed(CapturedOutput output) {
		this.runner.run((context) -> {
			// given
			JobRepository repository = context.getBean(JobRepository.class);
			run(repository, "nightly", "2026-11-27", BatchStatus.FAILED);
			run(repository, "nightly", "2026-11-28", BatchStatus.COMPLETED);
			// when
			new EarlierRuns(repository).warnIfUnfinished("night-run", parameters("nightly", "2026-11-29"));
			// then
			assertThat(output).doesNotContain("the earlier run");
		});
	}

	private static JobExecution run(JobRepository repository, String name, String runDate, BatchStatus status) {
		JobParameters parameters = parameters(name, runDate);
		JobExecution execution = repository.createJobExecution(
				repository.createJobInstance(AnnotationLifecycleJobConfiguration.JOB_NAME, parameters), parameters,
				new ExecutionContext());
		execution.setStartTime(LocalDateTime.now());
		execution.setStatus(status);
		execution.setEndTime(LocalDateTime.now());
		repository.update(execution);
		return execution;
	}

	private static JobParameters parameters(String name, String runDate) {
		return RunParameters.of(Path.of("/jobs/" + name + ".yml"), name, LocalDate.parse(runDate), Map.of());
	}

}
