package ai.avala.pipeline.progress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import ai.avala.pipeline.progress.ProgressReporter.Totals;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** The progress line's formatting and rate/ETA maths on a settable clock, and when lines are shown at all. */
class ProgressReporterTests {

	private final SettableClock clock = new SettableClock();

	private final AtomicLong files = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final RecordingSink sink = new RecordingSink();

	@Test
	void anUploadShowsFilesBytesPercentRatesAndEta() {
		// given: 400 files of 4 MB in all; 100 files, 1 MB done in 10 s
		ProgressReporter reporter = reporter(new Totals(400, 4_000_000), Totals.NONE);
		this.clock.advance(Duration.ofSeconds(10));
		this.files.set(100);
		this.bytes.set(1_000_000);
		// when
		String line = reporter.line();
		// then: 3 MB left at 0.1 MB/s
		assertThat(line).isEqualTo("Uploading: 100/400 files, 1.0 MB/4.0 MB (25%), 10 files/s, 100.0 kB/s, ETA 30s");
	}

	@Test
	void aResumedUploadCountsTheEarlierFilesAsDoneButNotInItsRate() {
		// given: half the bytes were confirmed by an earlier execution; this one did 1 MB in 20 s
		ProgressReporter reporter = reporter(new Totals(400, 4_000_000), new Totals(200, 2_000_000));
		this.clock.advance(Duration.ofSeconds(20));
		this.files.set(100);
		this.bytes.set(1_000_000);
		// when
		String line = reporter.line();
		// then: 1 MB left at 0.05 MB/s
		assertThat(line).isEqualTo("Uploading: 300/400 files, 3.0 MB/4.0 MB (75%), 5 files/s, 50.0 kB/s, ETA 20s");
	}

	@Test
	void aDownloadOfKnownSizeShowsBytesPercentAndEtaWithoutAFileCount() {
		ProgressReporter reporter = reporter(Totals.ofBytes(250_000_000L), Totals.NONE);
		this.clock.advance(Duration.ofSeconds(50));
		this.bytes.set(50_000_000);
		assertThat(reporter.line()).isEqualTo("Uploading: 50.0 MB/250.0 MB (20%), 1.0 MB/s, ETA 3m 20s");
	}

	@Test
	void aDownloadOfUnknownSizeShowsBytesAndRateOnly() {
		ProgressReporter reporter = reporter(Totals.ofBytes(null), Totals.NONE);
		this.clock.advance(Duration.ofSeconds(4));
		this.bytes.set(2_000_000);
		assertThat(reporter.line()).isEqualTo("Uploading: 2.0 MB, 500.0 kB/s");
	}

	@Test
	void nothingDoneYetHasAnUnknownEtaAndTheEtaGrowsCoarserWithTime() {
		ProgressReporter reporter = reporter(new Totals(10, 1000), Totals.NONE);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(reporter.line()).endsWith("(0%), 0 files/s, 0 B/s, ETA unknown");
		assertThat(Durations.human(59)).isEqualTo("59s");
		assertThat(Durations.human(185)).isEqualTo("3m 05s");
		assertThat(Durations.human(7620)).isEqualTo("2h 07m");
	}

	@Test
	void workThatEndsWithinTheFirstIntervalShowsNoLine() {
		// given
		ProgressReporter reporter = reporter(new Totals(10, 1000), Totals.NONE).every(Duration.ofHours(1));
		this.files.set(10);
		// when
		reporter.close();
		// then
		assertThat(this.sink.lines).isEmpty();
		assertThat(this.sink.ended).isEmpty();
	}

	@Test
	void longerWorkShowsLinesEachIntervalAndNoneAfterItEnds() {
		// given
		ProgressReporter reporter = reporter(new Totals(10, 1000), Totals.NONE).every(Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.sink.lines.size() >= 2);
		// when
		reporter.close();
		int shown = this.sink.lines.size();
		reporter.report();
		// then
		assertThat(this.sink.lines).hasSize(shown).allMatch((line) -> line.startsWith("Uploading: 0/10 files"));
		assertThat(this.sink.ended).hasSize(1);
	}

	@Test
	void aTerminalRewritesOneLineAndEndsItWithANewline() {
		// given
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ProgressSink terminal = ProgressSink.terminal(new PrintStream(err, true, StandardCharsets.UTF_8));
		// when
		terminal.show("Uploading: 1/10 files");
		terminal.show("Uploading: 9/10");
		terminal.end("Uploading: 10/10 files");
		// then: the shorter line is padded over the longer one's tail
		assertThat(err.toString(StandardCharsets.UTF_8))
			.isEqualTo("\rUploading: 1/10 files\rUploading: 9/10      \rUploading: 10/10 files" + System.lineSeparator());
	}

	@Test
	void theIntervalIsValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ProgressProperties(Duration.ofMillis(10)))
			.withMessage("avala.pipeline.progress-interval must be between 100ms and 1h (e.g. 5s), was PT0.01S");
		assertThat(new ProgressProperties(Duration.ofSeconds(5)).progressInterval()).hasSeconds(5);
	}

	private ProgressReporter reporter(Totals totals, Totals before) {
		return new ProgressReporter("Uploading", totals, before, this.files::get, this.bytes::get, this.clock, this.sink);
	}

	private static final class RecordingSink implements ProgressSink {

		final List<String> lines = new CopyOnWriteArrayList<>();

		final List<String> ended = new CopyOnWriteArrayList<>();

		@Override
		public void show(String line) {
			this.lines.add(line);
		}

		@Override
		public void end(String line) {
			this.ended.add(line);
		}

	}

	/** A clock that moves only when told to. */
	private static final class SettableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-11-29T02:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
