package ai.avala.pipeline.lifecycle;

import java.time.Clock;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaProperties;
import ai.avala.pipeline.client.Retrier;
import ai.avala.pipeline.client.Sleeper;
import ai.avala.pipeline.client.StorageClient;
import ai.avala.pipeline.events.RunEvents;
import ai.avala.pipeline.events.RunEventsListener;
import ai.avala.pipeline.metrics.RunCallRecorder;
import ai.avala.pipeline.metrics.UploadMeters;
import ai.avala.pipeline.progress.ProgressReporters;
import ai.avala.pipeline.progress.ProgressSamples;
import ai.avala.pipeline.upload.FileUploader;
import ai.avala.pipeline.upload.UploadEngine;
import ai.avala.pipeline.upload.UploadFilesTasklet;
import ai.avala.pipeline.upload.UploadLedger;
import ai.avala.pipeline.webhook.AwaitedProjects;
import ai.avala.pipeline.webhook.WebhookSubscriber;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the {@code annotationLifecycle} job. Step names are constants and never change: a restart finds the
 * step to resume by its name. The job has no incrementer: a run is identified by its definition name and run
 * date, so the same command after a failure restarts the same instance.
 */
@Configuration(proxyBeanMethods = false)
public class AnnotationLifecycleJobConfiguration {

	public static final String JOB_NAME = "annotationLifecycle";

	public static final String VALIDATE_MANIFEST = "validateManifest";

	public static final String CREATE_DATASET = "createDataset";

	public static final String UPLOAD_FILES = "uploadFiles";

	public static final String CLONE_TEMPLATE = "cloneTemplate";

	public static final String APPROVE_PROJECT = "approveProject";

	public static final String AWAIT_COMPLETION = "awaitCompletion";

	public static final String EXPORT_RESULTS = "exportResults";

	/** Bytes in flight at most (a single larger file may still go alone). */
	static final long MAX_BYTES_IN_FLIGHT = 1L << 30;

	/**
	 * Steps that talk to the API run without a database transaction around them: no connection is held while
	 * waiting on the network, and what must be durable is written by {@link RunState} in its own transaction.
	 */
	private final PlatformTransactionManager noTransaction = new ResourcelessTransactionManager();

	/** Step and run events for {@code run --json}; silent unless a command turned them on. */
	private final RunEventsListener events;

	/** Counts each execution's calls for the run report; saved after each step and at the job's end. */
	private final RunCallRecorder calls;

	AnnotationLifecycleJobConfiguration(RunEvents events, JobRepository jobRepository, RunCallRecorder calls) {
		this.events = new RunEventsListener(events, jobRepository);
		this.calls = calls;
	}

	@Bean
	Job annotationLifecycleJob(JobRepository jobRepository, Step validateManifestStep, Step createDatasetStep,
			Step uploadFilesStep, Step cloneTemplateStep, Step approveProjectStep, Step awaitCompletionStep,
			Step exportResultsStep, WebhookSubscriber webhooks, RunState state) {
		return new JobBuilder(JOB_NAME, jobRepository)
			// First, so that its afterJob runs last (after-listeners run in reverse) and counts the unsubscribe's call.
			.listener((JobExecutionListener) this.calls)
			.listener(new DefinitionFreezer(state))
			.listener(new WebhookUnsubscriber(webhooks))
			.listener((JobExecutionListener) this.events)
			.validator(new DefaultJobParametersValidator(
					new String[] { RunParameters.JOB_FILE, RunParameters.NAME, RunParameters.RUN_DATE }, new String[0]))
			.start(validateManifestStep)
			.next(createDatasetStep)
			.next(uploadFilesStep)
			.next(cloneTemplateStep)
			.next(approveProjectStep)
			.next(awaitCompletionStep)
			.next(exportResultsStep)
			.build();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	CreateOnce createOnce(RunState state, Retrier retrier, Clock clock, AvalaProperties properties) {
		return new CreateOnce(state, retrier, clock, properties.createSettleWindow(), properties.callTimeout());
	}

	@Bean
	Step validateManifestStep(JobRepository jobRepository, UploadLedger ledger,
			JdbcTransactionManager transactionManager) {
		return tasklet(VALIDATE_MANIFEST, jobRepository,
				new ValidateManifestTasklet(ledger, new TransactionTemplate(transactionManager)));
	}

	@Bean
	Step createDatasetStep(JobRepository jobRepository, AvalaClient api, UploadLedger ledger, RunState state,
			CreateOnce creates) {
		return tasklet(CREATE_DATASET, jobRepository, new CreateDatasetTasklet(api, ledger, state, creates));
	}

	@Bean
	Step uploadFilesStep(JobRepository jobRepository, UploadFilesTasklet uploadFilesTasklet) {
		// No transaction around an iteration: each file's outcome commits on its own as storage answers.
		return new StepBuilder(UPLOAD_FILES, jobRepository).tasklet(uploadFilesTasklet, this.noTransaction)
			// Events first: afterStep runs in reverse order, so step.finished follows the upload's last progress.
			.listener((StepExecutionListener) this.events)
			.listener((StepExecutionListener) this.calls)
			.listener(uploadFilesTasklet)
			.build();
	}

	@Bean
	@StepScope
	UploadFilesTasklet uploadFilesTasklet(UploadLedger ledger, UploadEngine uploadEngine, ProgressReporters progress,
			@Value("#{stepExecution}") StepExecution step) {
		return new UploadFilesTasklet(ledger, uploadEngine, step.getJobExecution().getJobInstance().getInstanceId(),
				progress, RunContext.of(step).resourceName());
	}

	@Bean
	@StepScope
	UploadEngine uploadEngine(FileUploader uploader, UploadLedger ledger, JdbcTransactionManager transactionManager,
			UploadMeters meters, @Value("#{stepExecution}") StepExecution step) {
		RunContext run = RunContext.of(step);
		int concurrency = run.definition().uploadConcurrency();
		return new UploadEngine(uploader, ledger, new TransactionTemplate(transactionManager), run.resourceName(),
				concurrency,
				run.definition().uploadMaxConcurrency(), MAX_BYTES_IN_FLIGHT, meters);
	}

	@Bean
	FileUploader fileUploader(StorageClient storage, AvalaClient api, Retrier retrier, Clock clock) {
		return new FileUploader(storage, api, retrier, clock);
	}

	@Bean
	Step cloneTemplateStep(JobRepository jobRepository, AvalaClient api, RunState state, CreateOnce creates,
			Clock clock, Sleeper sleeper) {
		return tasklet(CLONE_TEMPLATE, jobRepository, new CloneTemplateTasklet(api, state, creates, clock, sleeper));
	}

	@Bean
	Step approveProjectStep(JobRepository jobRepository, AvalaClient api, RunState state) {
		return tasklet(APPROVE_PROJECT, jobRepository, new ApproveProjectTasklet(api, state));
	}

	@Bean
	Step awaitCompletionStep(JobRepository jobRepository, AvalaClient api, RunState state, CreateOnce creates,
			Clock clock, Sleeper sleeper, WebhookSubscriber webhooks, AwaitedProjects awaited, RunEvents events,
			ProgressSamples samples) {
		return tasklet(AWAIT_COMPLETION, jobRepository,
				new AwaitCompletionTasklet(api, state, creates, clock, sleeper, webhooks, awaited, events, samples));
	}

	@Bean
	Step exportResultsStep(JobRepository jobRepository, AvalaClient api, StorageClient storage, RunState state,
			CreateOnce creates, Clock clock, Sleeper sleeper, ProgressReporters progress) {
		return tasklet(EXPORT_RESULTS, jobRepository,
				new ExportResultsTasklet(api, storage, state, creates, clock, sleeper, progress));
	}

	private Step tasklet(String name, JobRepository jobRepository, Tasklet tasklet) {
		return new StepBuilder(name, jobRepository).tasklet(tasklet, this.noTransaction)
			.listener((StepExecutionListener) this.events)
			.listener((StepExecutionListener) this.calls)
			.build();
	}

}
