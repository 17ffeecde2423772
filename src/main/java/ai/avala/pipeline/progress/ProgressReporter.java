package ai.avala.pipeline.progress;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows how far a long piece of work (an upload, a download) has come: done and total, %, rate and ETA, one line
 * per interval, and none at all for work that ends within its first interval. The work only bumps its own
 * atomic counters; this class reads them from its own timer thread, so showing progress never slows the work.
 * It is the one place for the formatting and the rate/ETA maths.
 */
public final class ProgressReporter implements AutoCloseable {

	private final String label;

	private final Totals totals;

	private final Totals before;

	private final LongSupplier files;

	private final LongSupplier bytes;

	private final Clock clock;

	private final ProgressSink sink;

	private final long startedMillis;

	private ScheduledExecutorService timer;

	private Consumer<Snapshot> listener = (snapshot) -> {
	};

	private boolean shown;

	private boolean closed;

	/**
	 * @param label what the work is, e.g. {@code Uploading to dataset nightly-2026-11-29}
	 * @param totals what the whole work amounts to ({@link Totals#UNKNOWN} parts where unknown)
	 * @param before what was done before this process started on it (a resumed upload), not counted in the rate
	 * @param files files done by this process so far
	 * @param bytes bytes done by this process so far
	 */
	public ProgressReporter(String label, Totals totals, Totals before, LongSupplier files, LongSupplier bytes,
			Clock clock, ProgressSink sink) {
		this.label = label;
		this.totals = totals;
		this.before = before;
		this.files = files;
		this.bytes = bytes;
		this.clock = clock;
		this.sink = sink;
		this.startedMillis = clock.millis();
	}

	/**
	 * Shows a line every {@code interval} from a daemon timer thread, the first after one interval. Fixed delay,
	 * not fixed rate: a late timer never catches up with a burst of lines.
	 */
	ProgressReporter every(Duration interval) {
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "progress");
			thread.setDaemon(true);
			return thread;
		});
		long millis = interval.toMillis();
		this.timer.scheduleWithFixedDelay(this::report, millis, millis, TimeUnit.MILLISECONDS);
		return this;
	}

	/** Also hands each figure shown, as numbers, to {@code listener} (the JSON events of {@code run --json}). */
	ProgressReporter alsoTo(Consumer<Snapshot> listener) {
		this.listener = listener;
		return this;
	}

	/** Shows the line for now, unless the work has ended. */
	synchronized void report() {
		if (!this.closed) {
			this.sink.show(line());
			this.listener.accept(snapshot());
			this.shown = true;
		}
	}

	/** The work ended: the timer stops; a sink that showed a line may show the final one. */
	@Override
	public void close() {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
		synchronized (this) {
			if (!this.closed) {
				this.closed = true;
				if (this.shown) {
					this.sink.end(line());
					this.listener.accept(snapshot());
				}
			}
		}
	}

	/**
	 * The progress line for now, e.g.
	 * {@code Uploading to dataset d: 120/400 files, 1.2 MB/4.0 MB (30%), 60 files/s, 600.0 kB/s, ETA 5s}.
	 */
	public String line() {
		long filesNow = this.files.getAsLong();
		long bytesNow = this.bytes.getAsLong();
		double seconds = Math.max(0.001, (this.clock.millis() - this.startedMillis) / 1000.0);
		double fileRate = filesNow / seconds;
		double byteRate = bytesNow / seconds;
		long doneFiles = this.before.files() + filesNow;
		long doneBytes = this.before.bytes() + bytesNow;
		StringBuilder line = new StringBuilder(this.label).append(": ");
		if (this.totals.knowsFiles()) {
			line.append(doneFiles).append('/').append(this.totals.files()).append(" files, ");
		}
		line.append(ByteCounts.human(doneBytes));
		if (this.totals.knowsBytes()) {
			line.append('/').append(ByteCounts.human(this.totals.bytes()));
		}
		Double fraction = fraction(doneFiles, doneBytes);
		if (fraction != null) {
			line.append(" (").append((long) Math.floor(Math.min(1, fraction) * 100)).append("%)");
		}
		if (this.totals.knowsFiles()) {
			line.append(", ").append(Math.round(fileRate)).append(" files/s");
		}
		line.append(", ").append(ByteCounts.human(Math.round(byteRate))).append("/s");
		if (fraction != null) {
			line.append(", ETA ").append(eta(doneFiles, doneBytes, fileRate, byteRate));
		}
		return line.toString();
	}

	/** The figures of {@link #line()}, as numbers. */
	public Snapshot snapshot() {
		long filesNow = this.files.getAsLong();
		long bytesNow = this.bytes.getAsLong();
		double seconds = Math.max(0.001, (this.clock.millis() - this.startedMillis) / 1000.0);
		long doneFiles = this.before.files() + filesNow;
		long doneBytes = this.before.bytes() + bytesNow;
		Double fraction = fraction(doneFiles, doneBytes);
		Long eta = null;
		if (fraction != null) {
			boolean byBytes = this.totals.knowsBytes() && this.totals.bytes() > 0;
			double remaining = byBytes ? this.totals.bytes() - doneBytes : this.totals.files() - doneFiles;
			double rate = (byBytes ? bytesNow : filesNow) / seconds;
			if (remaining <= 0) {
				eta = 0L;
			}
			else if (rate > 0) {
				eta = (long) Math.ceil(remaining / rate);
			}
		}
		return new Snapshot(this.totals.knowsFiles() ? doneFiles : null,
				this.totals.knowsFiles() ? this.totals.files() : null, doneBytes,
				this.totals.knowsBytes() ? this.totals.bytes() : null,
				(fraction != null) ? Math.floor(Math.min(1, fraction) * 1000) / 10 : null,
				this.totals.knowsFiles() ? round(filesNow / seconds) : null, round(bytesNow / seconds), eta);
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	/**
	 * Progress as numbers; null where not known.
	 *
	 * @param done files done (a resumed upload counts those confirmed before)
	 * @param total files in all
	 * @param bytes bytes done
	 * @param bytesTotal bytes in all
	 * @param percent done of all, by bytes when their total is known, else by files
	 * @param rate files per second, by this process
	 * @param bytesPerSecond bytes per second, by this process
	 * @param etaSeconds seconds left at the rate so far
	 */
	public record Snapshot(Long done, Long total, long bytes, Long bytesTotal, Double percent, Double rate,
			double bytesPerSecond, Long etaSeconds) {
	}

	/** Done as a fraction of the whole: by bytes when their total is known, else by files; null when neither is. */
	private Double fraction(long doneFiles, long doneBytes) {
		if (this.totals.knowsBytes() && this.totals.bytes() > 0) {
			return (double) doneBytes / this.totals.bytes();
		}
		if (this.totals.knowsFiles() && this.totals.files() > 0) {
			return (double) doneFiles / this.totals.files();
		}
		return (this.totals.knowsBytes() || this.totals.knowsFiles()) ? 1.0 : null;
	}

	private String eta(long doneFiles, long doneBytes, double fileRate, double byteRate) {
		boolean byBytes = this.totals.knowsBytes() && this.totals.bytes() > 0;
		double remaining = byBytes ? this.totals.bytes() - doneBytes : this.totals.files() - doneFiles;
		double rate = byBytes ? byteRate : fileRate;
		if (remaining <= 0) {
			return "0s";
		}
		// Rounded up: "0s" would claim the work is done.
		return (rate > 0) ? Durations.human((long) Math.ceil(remaining / rate)) : "unknown";
	}

	/**
	 * Files and bytes; {@value #UNKNOWN} where not known (an export without {@code size_bytes}; a download has no
	 * file count).
	 */
	public record Totals(long files, long bytes) {

		public static final long UNKNOWN = -1;

		public static final Totals NONE = new Totals(0, 0);

		public static Totals ofBytes(Long bytes) {
			return new Totals(UNKNOWN, (bytes != null) ? bytes : UNKNOWN);
		}

		boolean knowsFiles() {
			return this.files != UNKNOWN;
		}

		boolean knowsBytes() {
			return this.bytes != UNKNOWN;
		}

	}

}
