package ai.avala.pipeline.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.Dataset;
import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.upload.ManifestUploadAnswer;
import ai.avala.pipeline.upload.ManifestUploadRequest;
import ai.avala.pipeline.upload.UploadLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code createDataset}: declares the dataset and its files (contract §3a) exactly once, and stores each
 * file's presigned URL in the ledger. After a lost answer or a crash it finds the dataset by name instead of
 * creating a second one; the URLs lost with the answer are replaced by per-file presigns during the upload.
 * In the per-file flow (§3b) the dataset is created after the upload, so this step has nothing to send.
 */
public class CreateDatasetTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(CreateDatasetTasklet.class);

	private final AvalaClient api;

	private final UploadLedger ledger;

	private final RunState state;

	public CreateDatasetTasklet(AvalaClient api, UploadLedger ledger, RunState state) {
		this.api = api;
		this.ledger = ledger;
		this.state = state;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		if (this.state.has(step, RunState.DATASET_UID)) {
			log.info("Dataset {} already created", this.state.get(step, RunState.DATASET_UID));
			return RepeatStatus.FINISHED;
		}
		if (run.definition().uploadFlow() == JobDefinition.UploadFlow.PER_FILE) {
			log.info("Per-file upload flow: dataset {} is created after its files are uploaded", run.resourceName());
			return RepeatStatus.FINISHED;
		}
		Dataset dataset = create(step, run);
		this.state.record(step, RunState.DATASET_UID, dataset.uid());
		log.info("Dataset {} ({}) declared with its files", dataset.uid(), dataset.name());
		return RepeatStatus.FINISHED;
	}

	private Dataset create(StepExecution step, RunContext run) throws Exception {
		String name = run.resourceName();
		boolean mayExist = this.state.has(step, RunState.DATASET_CREATE_SENT);
		Path request = Files.createTempFile("avala-manifest-upload-", ".json");
		Path answer = Files.createTempFile("avala-manifest-answer-", ".json");
		try {
			ManifestUploadRequest.write(this.ledger, run.jobInstanceId(), name, run.definition().dataType(), request);
			Duration timeout = Duration.ofMinutes(2).plusSeconds(Files.size(request) / (256 * 1024));
			return CreateOnce.create(this.api.retrier(), "dataset " + name, mayExist,
					() -> findByName(name), () -> {
						this.state.record(step, RunState.DATASET_CREATE_SENT, Instant.now().toString());
						this.api.createManifestDataset(request, answer, timeout);
						String uid = ManifestUploadAnswer.read(answer, this.ledger, run.jobInstanceId());
						if (uid == null) {
							// Tolerate an answer without the UID: the name finds it.
							return findByName(name).orElseThrow(() -> new IllegalStateException(
									"the manifest upload answered without a dataset uid and no dataset is named " + name));
						}
						return new Dataset(uid, name, run.definition().dataType(), "creating", null);
					});
		}
		finally {
			Files.deleteIfExists(request);
			Files.deleteIfExists(answer);
		}
	}

	private Optional<Dataset> findByName(String name) {
		// Names are not unique on the server, but this one is made from the run's identity: any match is ours.
		return this.api.findDatasets(name).stream().findFirst();
	}

}
