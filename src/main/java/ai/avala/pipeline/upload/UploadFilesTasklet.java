package ai.avala.pipeline.upload;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.avala.pipeline.jvm.ShortUploadJit;
import ai.avala.pipeline.progress.ProgressReporter;
import ai.avala.pipeline.progress.ProgressReporter.Totals;
import ai.avala.pipeline.progress.ProgressReporters;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code uploadFiles}: each iteration reads one page of ledger entries not yet confirmed (in manifest
 * order, so a million entries never sit in memory together) and hands them to the {@link UploadEngine},
 * which commits each file's outcome as storage answers. Files flow without a barrier between pages; the
 * iteration boundary is where a stop request takes effect. When the ledger has no more entries, it waits for
 * the files in flight; the step completes only if every entry is then CONFIRMED. Otherwise it fails naming how
 * many and the first ones: failed after their retries, or left PENDING because their outcome was never
 * recorded (a failed group commit, an interrupted record). A restart reads from the start again: confirmed
 * entries drop out of the query, and every other one is uploaded. While it lasts, a progress line shows files and
 * bytes done of the run's whole ledger (those confirmed by an earlier execution included), %, rate and ETA.
 */
public class UploadFilesTasklet implements Tasklet, StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(UploadFilesTasklet.class);

	static final int PAGE = 500;

	private final UploadLedger ledger;

	private final UploadEngine engine;

	private final long instance;

	private final ProgressReporters progress;

	private final String datasetName;

	private long lastEntryNo = -1;

	private ProgressReporter reporter;

	public UploadFilesTasklet(UploadLedger ledger, UploadEngine engine, long instance, ProgressReporters progress,
			String datasetName) {
		this.ledger = ledger;
		this.engine = engine;
		this.instance = instance;
		this.progress = progress;
		this.datasetName = datasetName;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		UploadLedger.Tally tally = this.ledger.tally(this.instance);
		ShortUploadJit.beforeUpload(tally.files() - tally.confirmedFiles());
		this.reporter = this.progress.start("upload", "Uploading to dataset " + this.datasetName,
				new Totals(tally.files(), tally.bytes()), new Totals(tally.confirmedFiles(), tally.confirmedBytes()),
				this.engine.filesDone(), this.engine.bytesDone());
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		List<LedgerEntry> page = this.ledger.unconfirmedPage(this.instance, this.lastEntryNo, PAGE);
		if (page.isEmpty()) {
			this.engine.drain();
			log.info("Uploaded {}", this.engine.summary());
			failUnlessAllConfirmed();
			return RepeatStatus.FINISHED;
		}
		this.engine.submitAll(page);
		this.lastEntryNo = page.get(page.size() - 1).entryNo();
		StepExecution step = contribution.getStepExecution();
		step.setReadCount(step.getReadCount() + page.size());
		contribution.incrementWriteCount(page.size());
		return RepeatStatus.CONTINUABLE;
	}

	private void failUnlessAllConfirmed() {
		long unconfirmed = this.ledger.countUnconfirmed(this.instance);
		if (unconfirmed > 0) {
			throw new UploadIncompleteException(unconfirmed, this.ledger.unconfirmed(this.instance, 5),
					this.engine.recorderFailure());
		}
	}

	/** However the step ends (completed, stopped, failed), the files in flight get their outcome first. */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		try {
			this.engine.close();
		}
		finally {
			if (this.reporter != null) {
				this.reporter.close();
			}
		}
		return null;
	}

}
