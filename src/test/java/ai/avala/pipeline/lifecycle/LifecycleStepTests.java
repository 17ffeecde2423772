package ai.avala.pipeline.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import ai.avala.pipeline.AvalaPipelineApplication;
import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaServerException;
import ai.avala.pipeline.client.Project;
import ai.avala.pipeline.lifecycle.RunRecord.Resource;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.sandbox.RecordedRequest;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import ai.avala.pipeline.upload.LedgerEntry;
import ai.avala.pipeline.upload.UploadLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Each step of {@code annotationLifecycle} on its own ({@link JobOperatorTestUtils#startStep}), against the
 * sandbox over loopback, with the remote state it needs prepared through the real client.
 */
@SpringBatchTest
@SpringBootTest(classes = AvalaPipelineApplication.class,
		properties = { "spring.datasource.url=jdbc:h2:mem:steps;DB_CLOSE_DELAY=-1", "avala.retry.base-delay=20ms",
				"avala.create-settle-window=30s" })
class LifecycleStepTests {

	private static final AvalaSandbox sandbox = AvalaSandbox.start(SandboxExtension.testConfig());

	@TempDir
	Path folder;

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	AvalaClient api;

	@Autowired
	UploadLedger ledger;

	@DynamicPropertySource
	static void sandboxProperties(DynamicPropertyRegistry registry) {
		registry.add("avala.base-url", sandbox::baseUrl);
		registry.add("avala.api-key", sandbox::apiKey);
	}

	@AfterEach
	void cleanUp() {
		this.jobRepositoryTestUtils.removeJobExecutions();
		sandbox.reset();
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@Test
	void validateManifestWritesOneLedgerRowPerEntry() throws Exception {
		// given
		TestJobs.files(this.folder, 7, 50);
		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.VALIDATE_MANIFEST,
				parameters("validate"), runContext("validate", UnaryOperator.identity()));
		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long instance = execution.getJobInstance().getInstanceId();
		assertThat(this.ledger.count(instance, LedgerEntry.PENDING)).isEqualTo(7);
		assertThat(sandbox.requests()).isEmpty();
	}

	@Test
	void validateManifestFailsOnAMissingFileWithoutCallingTheApi() throws Exception {
		java.nio.file.Files.writeString(this.folder.resolve("manifest.csv"), "path,size\ngone.bin,3\n");
		JobExecution execution = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.VALIDATE_MANIFEST,
				parameters("invalid"), runContext("invalid", UnaryOperator.identity()));
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getAllFailureExceptions()).singleElement().isInstanceOf(ManifestInvalidException.class);
		assertThat(sandbox.requests()).isEmpty();
	}

	@Test
	void uploadFilesStopsWithTheFailedFilesNamedAfterTheOthersAreDone() throws Exception {
		// given: every PUT of one file fails; the job is run to the upload step's end
		TestJobs.files(this.folder, 6, 50);
		sandbox.faults().set("PUT storage", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		// when
		JobExecution execution = this.jobOperatorTestUtils.startJob(parameters("uploads"));
		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		StepExecution upload = Steps.named(execution, AnnotationLifecycleJobConfiguration.UPLOAD_FILES);
		assertThat(upload.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(upload.getFailureExceptions().get(0)).hasMessageContaining("6 file(s) failed to upload")
			.hasMessageContaining("files/frame_0000.bin");
		assertThat(this.ledger.count(execution.getJobInstance().getInstanceId(), LedgerEntry.FAILED)).isEqualTo(6);
	}

	@Test
	void cloneTemplateWaitsForTheDatasetThenClonesOnce() throws Exception {
		// given: a dataset still creating (the sandbox clock all but stopped), which becomes created only once the
		// step has seen it creating
		sandbox.clock().setSpeed(0.001);
		String datasetUid = uploadedDataset("clone");
		assertThat(this.api.getDataset(datasetUid).status()).isEqualTo("creating");
		long readsBefore = datasetReads(datasetUid);
		CompletableFuture<Void> indexed = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofMinutes(1)).until(() -> datasetReads(datasetUid) > readsBefore);
			sandbox.clock().advance(Duration.ofMinutes(5));
		});
		ExecutionContext context = runContext("clone", (r) -> r.withUid(Resource.DATASET, datasetUid));
		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.CLONE_TEMPLATE,
				parameters("clone"), context);
		// then: it checked at least twice (creating, then created) and cloned once, never refused as not ready
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(indexed).isDone();
		assertThat(datasetReads(datasetUid) - readsBefore).isGreaterThanOrEqualTo(2);
		assertThat(sandbox.requests()).filteredOn((r) -> r.path().equals("/api/v1/projects/create-from-existing/"))
			.extracting(RecordedRequest::status)
			.containsExactly(201);
		assertThat(RunState.read(execution).project().uid()).isNotBlank();
		assertThat(sandbox.stats().projects()).isEqualTo(1);
	}

	@Test
	void approveProjectApprovesOnlyWhatIsPendingApproval() throws Exception {
		// given
		Project project = this.api.cloneProject(sandbox.templateProjectUid(), "approve-x", readyDataset("approve"),
				"images");
		ExecutionContext context = runContext("approve", (r) -> r.withUid(Resource.PROJECT, project.uid()));
		// when: approved by the step, then the step runs again on the now active project
		JobExecution first = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.APPROVE_PROJECT,
				parameters("approve"), context);
		JobExecution second = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.APPROVE_PROJECT,
				parameters("approve-again"), context);
		// then
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(sandbox.stats().approvals()).isEqualTo(1);
	}

	@Test
	void awaitCompletionEndsWhenEveryTaskIsComplete() throws Exception {
		// given
		ExecutionContext context = approvedProject("await");
		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION,
				parameters("await"), context);
		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.api.metrics(RunState.read(context).project().uid()).done()).isTrue();
	}

	@Test
	void exportResultsDownloadsTheExportIntoPlace() throws Exception {
		// given
		ExecutionContext context = approvedProject("export");
		sandbox.completeProject(RunState.read(context).project().uid());
		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.EXPORT_RESULTS,
				parameters("export"), context);
		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.folder.resolve("exports/export-2026-09-01.zip")).isRegularFile();
		assertThat(this.folder.resolve("exports")).isDirectoryNotContaining("glob:**.part");
		assertThat(sandbox.stats().exports()).isEqualTo(1);
	}

	@Test
	void exportResultsAfterACrashKeepsLookingBeforeCreatingAgain() throws Exception {
		// given: a crashed attempt sent the export; the gateway gave up, and the service creates it 3 s later
		ExecutionContext context = approvedProject("export");
		sandbox.completeProject(RunState.read(context).project().uid());
		sandbox.faults().set("POST /exports/", FaultRule.none().withFailFirst(1).withEffectDelay(Duration.ofSeconds(3)));
		assertThatExceptionOfType(AvalaServerException.class)
			.isThrownBy(() -> this.api.createExport(RunState.read(context).dataset().uid(), "coco"));
		RunState.write(context, RunState.read(context).withCreateSent(Resource.EXPORT, Instant.now()));
		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(AnnotationLifecycleJobConfiguration.EXPORT_RESULTS,
				parameters("export"), context);
		// then: the restart found the late export instead of sending a second create
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		await().atMost(Duration.ofMinutes(1)).until(() -> sandbox.pendingEffects() == 0);
		assertThat(sandbox.stats().exports()).isEqualTo(1);
		assertThat(sandbox.requests()).filteredOn((r) -> r.method().equals("POST") && r.path().equals("/api/v1/exports/"))
			.hasSize(1);
	}

	private long datasetReads(String uid) {
		return sandbox.requests().stream().filter((r) -> r.path().equals("/api/v1/datasets/" + uid + "/")).count();
	}

	/** A dataset whose files are all uploaded, made through the whole job's first three steps, not yet awaited. */
	private String uploadedDataset(String name) throws Exception {
		TestJobs.files(this.folder, 3, 40);
		sandbox.faults().set("GET /datasets/{uid}/", FaultRule.none().withFailFirst(1000).withErrorStatuses(400));
		JobExecution execution = this.jobOperatorTestUtils.startJob(parameters(name + "-data"));
		sandbox.faults().clear();
		assertThat(Steps.named(execution, AnnotationLifecycleJobConfiguration.UPLOAD_FILES).getStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		return RunState.read(execution).dataset().uid();
	}

	private ExecutionContext approvedProject(String name) throws Exception {
		String datasetUid = readyDataset(name);
		Project project = this.api.cloneProject(sandbox.templateProjectUid(), name, datasetUid, "images");
		this.api.approve(project.uid());
		return runContext(name,
				(r) -> r.withUid(Resource.DATASET, datasetUid).withUid(Resource.PROJECT, project.uid()));
	}

	/** A dataset whose files are all uploaded, made through the whole job's first three steps. */
	private String readyDataset(String name) throws Exception {
		TestJobs.files(this.folder, 3, 40);
		sandbox.faults().set("POST /projects/create-from-existing/", FaultRule.none().withFailFirst(1).withErrorStatuses(400));
		JobExecution execution = this.jobOperatorTestUtils.startJob(parameters(name + "-data"));
		sandbox.faults().clear();
		assertThat(Steps.named(execution, AnnotationLifecycleJobConfiguration.UPLOAD_FILES).getStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		String uid = RunState.read(execution).dataset().uid();
		org.awaitility.Awaitility.await().until(() -> this.api.getDataset(uid).ready());
		return uid;
	}

	/**
	 * The job context a step of this run starts from: the run's record with the definition frozen, as the job's
	 * first execution would have left it, changed by {@code record}.
	 */
	private ExecutionContext runContext(String run, UnaryOperator<RunRecord> record) {
		Map<String, String> definition = RunParameters.definition(parameters(run), null).values();
		ExecutionContext context = new ExecutionContext();
		RunState.write(context, record.apply(RunRecord.EMPTY.withDefinition(definition)));
		return context;
	}

	private JobParameters parameters(String run) {
		Path jobFile = TestJobs.jobFile(this.folder, "export".equals(run) ? "export" : "steps", sandbox.templateProjectUid());
		return RunParameters.of(jobFile, run, LocalDate.of(2026, 9, 1), Map.of());
	}

	/**
	 * Not a method of the test class: Spring Batch's step-scope listener takes any test-class method returning a
	 * StepExecution for its step factory.
	 */
	static final class Steps {

		static StepExecution named(JobExecution execution, String name) {
			return execution.getStepExecutions()
				.stream()
				.filter((s) -> s.getStepName().equals(name))
				.findFirst()
				.orElseThrow();
		}

	}


}
