package ai.avala.pipeline.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The upload engine's meters: files and bytes uploaded and failed (counters), and, as gauges, the rate and the
 * adaptive concurrency limit of the uploads running now (summed when the scheduler runs several), or of the last
 * one once none runs. The gauges read the engines' own atomic counters when scraped: the upload pays nothing.
 */
public final class UploadMeters {

	private final Counter filesUploaded;

	private final Counter filesFailed;

	private final Counter bytesUploaded;

	private final Counter bytesFailed;

	private final Set<Upload> active = ConcurrentHashMap.newKeySet();

	private volatile Snapshot last = new Snapshot(0, 0, 0);

	public UploadMeters(MeterRegistry registry) {
		this.filesUploaded = files(registry, "uploaded");
		this.filesFailed = files(registry, "failed");
		this.bytesUploaded = bytes(registry, "uploaded");
		this.bytesFailed = bytes(registry, "failed");
		gauge(registry, "avala.upload.files.per.second",
				"Files per second of the uploads running (of the last one when none runs)", Snapshot::filesPerSecond);
		gauge(registry, "avala.upload.bytes.per.second",
				"Bytes per second of the uploads running (of the last one when none runs)", Snapshot::bytesPerSecond);
		gauge(registry, "avala.upload.concurrency.limit",
				"The adaptive limit of files in flight of the uploads running (of the last one when none runs)",
				Snapshot::limit);
		Gauge.builder("avala.uploads.active", this.active, Set::size)
			.description("Uploads (uploadFiles steps) running in this process")
			.register(registry);
	}

	public static UploadMeters none() {
		return new UploadMeters(new CompositeMeterRegistry());
	}

	private static Counter files(MeterRegistry registry, String outcome) {
		return Counter.builder("avala.upload.files")
			.description("Files whose upload ended, by outcome: uploaded (stored and confirmed) or failed (after retries)")
			.tag("outcome", outcome)
			.register(registry);
	}

	private static Counter bytes(MeterRegistry registry, String outcome) {
		return Counter.builder("avala.upload")
			.baseUnit(BaseUnits.BYTES)
			.description("Bytes of the files whose upload ended, by outcome: uploaded or failed")
			.tag("outcome", outcome)
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value) {
		Gauge.builder(name, this, (meters) -> value.applyAsDouble(meters.now())).description(description).register(registry);
	}

	/**
	 * An upload starts.
	 * @param filesDone the files it has uploaded so far
	 * @param bytesDone their bytes
	 * @param limit its adaptive concurrency limit now
	 */
	public Upload start(LongSupplier filesDone, LongSupplier bytesDone, IntSupplier limit) {
		Upload upload = new Upload(filesDone, bytesDone, limit, System.nanoTime());
		this.active.add(upload);
		return upload;
	}

	private Snapshot now() {
		if (this.active.isEmpty()) {
			return this.last;
		}
		Snapshot sum = new Snapshot(0, 0, 0);
		for (Upload upload : this.active) {
			sum = sum.plus(upload.snapshot());
		}
		return sum;
	}

	/** One upload (one execution of the uploadFiles step); closing it keeps its final rate as the last one's. */
	public final class Upload implements AutoCloseable {

		private final LongSupplier filesDone;

		private final LongSupplier bytesDone;

		private final IntSupplier limit;

		private final long started;

		private Upload(LongSupplier filesDone, LongSupplier bytesDone, IntSupplier limit, long started) {
			this.filesDone = filesDone;
			this.bytesDone = bytesDone;
			this.limit = limit;
			this.started = started;
		}

		public void fileUploaded(long size) {
			UploadMeters.this.filesUploaded.increment();
			UploadMeters.this.bytesUploaded.increment(size);
		}

		public void fileFailed(long size) {
			UploadMeters.this.filesFailed.increment();
			UploadMeters.this.bytesFailed.increment(size);
		}

		Snapshot snapshot() {
			double seconds = Math.max(1e-3, (System.nanoTime() - this.started) / 1e9);
			return new Snapshot(this.filesDone.getAsLong() / seconds, this.bytesDone.getAsLong() / seconds,
					this.limit.getAsInt());
		}

		@Override
		public void close() {
			if (UploadMeters.this.active.remove(this)) {
				UploadMeters.this.last = snapshot();
			}
		}

	}

	record Snapshot(double filesPerSecond, double bytesPerSecond, double limit) {

		Snapshot plus(Snapshot other) {
			return new Snapshot(this.filesPerSecond + other.filesPerSecond, this.bytesPerSecond + other.bytesPerSecond,
					this.limit + other.limit);
		}

	}

}
