package ai.avala.pipeline.upload;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.avala.pipeline.AvalaPipelineApplication;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.lifecycle.RunState;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.StoredFile;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Step {@code uploadFiles} completes only when every ledger row is CONFIRMED: an outcome that was never
 * recorded (here a group commit refused by a real database constraint) fails the step, naming the files, and
 * a restart uploads exactly those again.
 */
@SpringBatchTest
@SpringBootTest(classes = AvalaPipelineApplication.class,
		properties = { "spring.datasource.url=jdbc:h2:mem:uploadsteps;DB_CLOSE_DELAY=-1", "avala.retry.base-delay=20ms" })
class UploadFilesStepTests {

	private static final AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig());

	private static final String REFUSED = "files/frame_0003.bin";

	@TempDir
	Path folder;

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UploadLedger ledger;

	@DynamicPropertySource
	static void sandboxProperties(DynamicPropertyRegistry registry) {
		registry.add("avala.base-url", sandbox::baseUrl);
		registry.add("avala.api-key", sandbox::apiKey);
	}

	@AfterEach
	void cleanUp() {
		this.jdbc.execute("ALTER TABLE AVALA_UPLOAD_LEDGER DROP CONSTRAINT IF EXISTS TEST_REFUSE_ONE_CONFIRMATION");
		this.jobRepositoryTestUtils.removeJobExecutions();
		sandbox.reset();
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@Test
	void anUnrecordedOutcomeFailsTheStepAndARestartUploadsThoseFilesOnly() throws Exception {
		// given: the database refuses to record one file as confirmed, so its whole group commit fails
		Map<String, String> md5s = TestJobs.files(this.folder, 8, 50);
		this.jdbc.execute("ALTER TABLE AVALA_UPLOAD_LEDGER ADD CONSTRAINT TEST_REFUSE_ONE_CONFIRMATION "
				+ "CHECK (NAME <> '" + REFUSED + "' OR STATE <> 'CONFIRMED')");
		// the job stops after the upload step when it gets there
		sandbox.faults().set("POST /projects/create-from-existing/", FaultRule.none().withFailFirst(100).withErrorStatuses(400));
		JobParameters parameters = RunParameters.of(TestJobs.jobFile(this.folder, "uploads", sandbox.templateProjectUid()),
				"uploads", LocalDate.of(2026, 9, 1), Map.of());
		// when
		JobExecution first = this.jobOperatorTestUtils.startJob(parameters);
		// then: every file reached storage, yet the step fails naming the files whose outcome is unrecorded
		long instance = first.getJobInstance().getInstanceId();
		StepExecution upload = UploadStep.of(first);
		assertThat(upload.getStatus()).isEqualTo(BatchStatus.FAILED);
		long unrecorded = this.ledger.count(instance, LedgerEntry.PENDING);
		assertThat(unrecorded).isPositive();
		assertThat(upload.getFailureExceptions()).singleElement()
			.isInstanceOf(UploadIncompleteException.class)
			.satisfies((ex) -> assertThat(ex).hasMessageStartingWith(unrecorded + " file(s) failed to upload; first: ")
				.hasMessageContaining("no outcome recorded"));
		Set<String> pending = this.jdbc
			.queryForList("SELECT NAME FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ? AND STATE = 'PENDING'",
					String.class, instance)
			.stream()
			.collect(Collectors.toSet());
		assertThat(pending).contains(REFUSED);
		String dataset = RunState.read(first).dataset().uid();
		assertThat(sandbox.storedFiles(dataset)).hasSize(8);

		// when: the database is fixed and the same run restarted
		this.jdbc.execute("ALTER TABLE AVALA_UPLOAD_LEDGER DROP CONSTRAINT TEST_REFUSE_ONE_CONFIRMATION");
		JobExecution restart = this.jobOperatorTestUtils.startJob(parameters);
		// then: every file confirmed, stored with its bytes; only the unrecorded ones were sent a second time
		assertThat(restart.getJobInstance().getInstanceId()).isEqualTo(instance);
		assertThat(UploadStep.of(restart).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.ledger.countUnconfirmed(instance)).isZero();
		Map<String, StoredFile> stored = sandbox.storedFiles(dataset);
		assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(md5s.keySet());
		md5s.forEach((name, md5) -> assertThat(stored.get(name).md5Hex()).as(name).isEqualTo(md5));
		stored.forEach((name, file) -> assertThat(file.putCount()).as(name).isEqualTo(pending.contains(name) ? 2 : 1));
	}

	/**
	 * Not a method of the test class: Spring Batch's step-scope listener takes any test-class method returning a
	 * StepExecution for its step factory.
	 */
	static final class UploadStep {

		static StepExecution of(JobExecution execution) {
			return execution.getStepExecutions()
				.stream()
				.filter((s) -> s.getStepName().equals(AnnotationLifecycleJobConfiguration.UPLOAD_FILES))
				.findFirst()
				.orElseThrow();
		}

	}

}
