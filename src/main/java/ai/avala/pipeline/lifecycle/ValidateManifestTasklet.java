package ai.avala.pipeline.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import ai.avala.pipeline.manifest.Manifest;
import ai.avala.pipeline.manifest.ManifestCursor;
import ai.avala.pipeline.manifest.ManifestEntry;
import ai.avala.pipeline.manifest.ManifestException;
import ai.avala.pipeline.manifest.ManifestValidator;
import ai.avala.pipeline.manifest.ValidationReport;
import ai.avala.pipeline.upload.LedgerEntry;
import ai.avala.pipeline.upload.UploadLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step {@code validateManifest}: reads every manifest entry, reports every problem at once (nothing is sent to
 * the API when any is found), then writes the upload ledger, one row per entry, in batches.
 */
public class ValidateManifestTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ValidateManifestTasklet.class);

	private static final int BATCH = 1000;

	private final UploadLedger ledger;

	private final TransactionTemplate transaction;

	public ValidateManifestTasklet(UploadLedger ledger, TransactionTemplate transaction) {
		this.ledger = ledger;
		this.transaction = transaction;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		var step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		Manifest manifest = Manifest.open(run.definition().manifest());
		ValidationReport report = new ManifestValidator(50, true).validate(manifest);
		if (!report.ok()) {
			throw new ManifestInvalidException(manifest.location(), report);
		}
		log.info("Manifest {}: {} files, {} bytes, all valid", manifest.location(), report.entries(),
				report.totalBytes());
		long loaded = load(manifest, run.jobInstanceId());
		contribution.getStepExecution().setReadCount(loaded);
		contribution.incrementWriteCount(loaded);
		step.getJobExecution().getExecutionContext().putLong("avala.manifest.entries", report.entries());
		step.getJobExecution().getExecutionContext().putLong("avala.manifest.bytes", report.totalBytes());
		return RepeatStatus.FINISHED;
	}

	/**
	 * Writes the ledger. A crash half-way leaves a partial ledger; this step then failed, so the restart runs
	 * it again, and it starts by clearing what the crashed attempt wrote (nothing was uploaded yet).
	 */
	private long load(Manifest manifest, long instance) throws ManifestException, IOException {
		this.transaction.executeWithoutResult((status) -> this.ledger.clear(instance));
		long entryNo = 0;
		List<LedgerEntry> batch = new ArrayList<>(BATCH);
		try (ManifestCursor cursor = manifest.cursor()) {
			for (ManifestEntry entry; (entry = cursor.next()) != null;) {
				long mtime = Files.getLastModifiedTime(entry.file()).toMillis();
				batch.add(new LedgerEntry(instance, entryNo++, entry.name(), entry.file().toAbsolutePath(),
						entry.size(), mtime, LedgerEntry.PENDING, null, null, 0, entry.md5()));
				if (batch.size() == BATCH) {
					flush(batch);
				}
			}
		}
		flush(batch);
		return entryNo;
	}

	private void flush(List<LedgerEntry> batch) {
		if (!batch.isEmpty()) {
			this.transaction.executeWithoutResult((status) -> this.ledger.insert(batch));
			batch.clear();
		}
	}

}
