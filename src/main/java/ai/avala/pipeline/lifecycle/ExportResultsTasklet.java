package ai.avala.pipeline.lifecycle;

import java.nio.file.Path;
import java.time.Clock;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.Export;
import ai.avala.pipeline.client.Sleeper;
import ai.avala.pipeline.client.StorageClient;
import ai.avala.pipeline.progress.ProgressReporters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code exportResults}: creates the export once (found again by dataset after a lost answer, §7), checks
 * it once per iteration until {@code completed}/{@code exported}, then downloads and verifies it into
 * {@code <export.directory>/<project name>.<ext>}.
 */
public class ExportResultsTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ExportResultsTasklet.class);

	private final AvalaClient api;

	private final RunState state;

	private final CreateOnce creates;

	private final ExportDownload download;

	private final Clock clock;

	private final Sleeper sleeper;

	public ExportResultsTasklet(AvalaClient api, StorageClient storage, RunState state, CreateOnce creates,
			Clock clock, Sleeper sleeper, ProgressReporters progress) {
		this.api = api;
		this.state = state;
		this.creates = creates;
		this.download = new ExportDownload(storage, api.retrier(), progress);
		this.clock = clock;
		this.sleeper = sleeper;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		String exportUid = this.state.read(step).export().uid();
		if (exportUid == null) {
			exportUid = create(step, run);
			log.info("Export {} created ({})", exportUid, run.definition().exportFormat());
		}
		Export export = this.api.getExport(exportUid);
		if (export.failed()) {
			String failed = exportUid;
			this.state.update(step, (record) -> record.withExportFailed(failed));
			throw new ExportFailedException(exportUid, run.definition().exportFormat());
		}
		if (!export.finished() || export.downloadUrl() == null) {
			Wait wait = new Wait(step, "export", this.clock, this.sleeper);
			wait.checkDeadline("export " + exportUid, run.definition().pollTimeout(), export.status());
			wait.pause(false, run.definition().pollInterval().dividedBy(4), run.definition().pollInterval());
			return RepeatStatus.CONTINUABLE;
		}
		String uid = exportUid;
		Path file = this.download.fetch(export, () -> this.api.getExport(uid), run.definition().exportDirectory(),
				run.resourceName());
		this.state.update(step, (record) -> record.withExportFile(file.toString()));
		log.info("Export {} downloaded to {} ({} bytes)", exportUid, file, file.toFile().length());
		return RepeatStatus.FINISHED;
	}

	private String create(StepExecution step, RunContext run) {
		RunRecord record = this.state.read(step);
		String datasetUid = record.dataset().uid();
		String projectUid = record.project().uid();
		String format = run.definition().exportFormat();
		return this.creates.uid(step, RunRecord.Resource.EXPORT, "export of " + datasetUid,
				() -> this.api.findExports(datasetUid, projectUid)
					.stream()
					.filter((e) -> format.equals(e.format()) && !e.failed())
					.findFirst()
					.map(Export::uid),
				() -> this.api.createExport(datasetUid, format).uid());
	}

}
