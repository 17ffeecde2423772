package ai.avala.pipeline.upload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's promise to the step: {@link UploadEngine#drain()} returns once every submitted file has an
 * outcome, whatever happened to the thread that records outcomes.
 */
class UploadEngineTests {

	private static final int FILES = 40;

	@Test
	void anErrorInTheRecorderThreadDoesNotHangDrain() throws Exception {
		// given: a ledger whose first commit throws an Error, and uploads that finish only after it did
		CountDownLatch errorThrown = new CountDownLatch(1);
		ErrorOnFirstCommit ledger = new ErrorOnFirstCommit(errorThrown);
		UploadEngine engine = new UploadEngine(new InstantUploader(errorThrown), ledger,
				new TransactionTemplate(new ResourcelessTransactionManager()), "dataset", 4, 4, Long.MAX_VALUE);
		// when
		CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
			try {
				for (int i = 0; i < FILES; i++) {
					engine.submit(entry(i));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			engine.drain();
		});
		// then: every file got its outcome (a bound on the count, not a timing claim), and the failure is told
		await("drain() to return").atMost(Duration.ofMinutes(1)).until(drained::isDone);
		assertThat(drained).isCompleted();
		assertThat(engine.recorderFailure()).isInstanceOf(AssertionError.class).hasMessage("ledger broke");
		assertThat(ledger.commits.get()).isEqualTo(1);
		engine.close();
	}

	@Test
	void anErrorInAnUploadIsRecordedAsThatFilesFailure() throws Exception {
		// given
		RecordingLedger ledger = new RecordingLedger();
		UploadEngine engine = new UploadEngine(new FileUploader(null, null, null, null) {
			@Override
			public UploadOutcome upload(LedgerEntry entry, String datasetName) {
				throw new OutOfMemoryError("Direct buffer memory");
			}
		}, ledger, new TransactionTemplate(new ResourcelessTransactionManager()), "dataset", 2, 2, Long.MAX_VALUE);
		// when
		CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
			try {
				engine.submit(entry(0));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			engine.drain();
		});
		// then
		await("drain() to return").atMost(Duration.ofMinutes(1)).until(drained::isDone);
		assertThat(ledger.recorded).singleElement().satisfies((outcome) -> {
			assertThat(outcome.confirmed()).isFalse();
			assertThat(outcome.error()).contains("OutOfMemoryError").contains("Direct buffer memory");
		});
		engine.close();
	}

	private static LedgerEntry entry(int n) {
		return new LedgerEntry(1, n, "files/frame_" + n + ".bin", Path.of("frame_" + n + ".bin"), 10, 0,
				LedgerEntry.PENDING, null, null, 0, null);
	}

	/** Confirms at once, except that every file but the first waits until the recorder has failed. */
	private static final class InstantUploader extends FileUploader {

		private final CountDownLatch errorThrown;

		private final AtomicInteger calls = new AtomicInteger();

		InstantUploader(CountDownLatch errorThrown) {
			super(null, null, null, null);
			this.errorThrown = errorThrown;
		}

		@Override
		public UploadOutcome upload(LedgerEntry entry, String datasetName) {
			if (this.calls.getAndIncrement() > 0) {
				try {
					this.errorThrown.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return new UploadOutcome(entry, true, "00", "00", 1, null, null);
		}

	}

	/** A ledger whose first group commit throws an Error: the recorder thread must survive it. */
	private static final class ErrorOnFirstCommit extends UploadLedger {

		final AtomicInteger commits = new AtomicInteger();

		private final CountDownLatch errorThrown;

		ErrorOnFirstCommit(CountDownLatch errorThrown) {
			super(null);
			this.errorThrown = errorThrown;
		}

		@Override
		public void record(List<UploadOutcome> outcomes) {
			this.commits.incrementAndGet();
			this.errorThrown.countDown();
			throw new AssertionError("ledger broke");
		}

	}

	private static final class RecordingLedger extends UploadLedger {

		final List<UploadOutcome> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();

		RecordingLedger() {
			super(null);
		}

		@Override
		public void record(List<UploadOutcome> outcomes) {
			this.recorded.addAll(outcomes);
		}

	}

}
