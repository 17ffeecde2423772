package ai.avala.pipeline.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

	private final CreateOnce creates;

	public CreateDatasetTasklet(AvalaClient api, UploadLedger ledger, RunState state, CreateOnce creates) {
		this.api = api;
		this.ledger = ledger;
		this.state = state;
		this.creates = creates;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		String recorded = this.state.read(step).dataset().uid();
		if (recorded != null) {
			log.info("Dataset {} already created", recorded);
			return RepeatStatus.FINISHED;
		}
		if (run.definition().uploadFlow() == JobDefinition.UploadFlow.PER_FILE) {
			log.info("Per-file upload flow: dataset {} is created after its files are uploaded", run.resourceName());
			return RepeatStatus.FINISHED;
		}
		String uid = create(step, run);
		log.info("Dataset {} ({}) declared with its files", uid, run.resourceName());
		return RepeatStatus.FINISHED;
	}

	private String create(StepExecution step, RunContext run) throws Exception {
		String name = run.resourceName();
		Path request = Files.createTempFile("avala-manifest-upload-", ".json");
		Path answer = Files.createTempFile("avala-manifest-answer-", ".json");
		try {
			ManifestUploadRequest.write(this.ledger, run.jobInstanceId(), name, run.definition().dataType(), request);
			Duration timeout = Duration.ofMinutes(2).plusSeconds(Files.size(request) / (256 * 1024));
			return this.creates.uid(step, RunRecord.Resource.DATASET, "dataset " + name, () -> findByName(name),
					// An answer without a usable uid is ambiguous like a lost one: the name finds the dataset.
					() -> this.api.createManifestDataset(request, answer, timeout,
							(body) -> ManifestUploadAnswer.read(body, this.ledger, run.jobInstanceId())));
		}
		finally {
			Files.deleteIfExists(request);
			Files.deleteIfExists(answer);
		}
	}

	private Optional<String> findByName(String name) {
		// Names are not unique on the server, but this one is made from the run's identity: any match is ours.
		return this.api.findDatasets(name).stream().findFirst().map(Dataset::uid);
	}

}
