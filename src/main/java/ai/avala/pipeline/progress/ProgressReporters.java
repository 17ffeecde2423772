package ai.avala.pipeline.progress;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import ai.avala.pipeline.events.RunEventType;
import ai.avala.pipeline.events.RunEvents;
import ai.avala.pipeline.progress.ProgressReporter.Snapshot;
import ai.avala.pipeline.progress.ProgressReporter.Totals;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Starts a {@link ProgressReporter} for a piece of work, with the configured interval, clock and sink. */
@Component
@EnableConfigurationProperties(ProgressProperties.class)
public class ProgressReporters {

	private final ProgressProperties properties;

	private final Clock clock;

	private final RunEvents events;

	public ProgressReporters(ProgressProperties properties, Clock clock, RunEvents events) {
		this.properties = properties;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Starts reporting; close the reporter when the work ends (it stops its timer).
	 * @param phase what the work is for the {@code progress} event: {@code upload} or {@code download}
	 */
	public ProgressReporter start(String phase, String label, Totals totals, Totals before, LongSupplier files,
			LongSupplier bytes) {
		return new ProgressReporter(label, totals, before, files, bytes, this.clock, ProgressSink.forThisProcess())
			.alsoTo((snapshot) -> event(phase, snapshot))
			.every(this.properties.progressInterval());
	}

	private void event(String phase, Snapshot snapshot) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("phase", phase);
		fields.put("done", snapshot.done());
		fields.put("total", snapshot.total());
		fields.put("bytes", snapshot.bytes());
		fields.put("bytesTotal", snapshot.bytesTotal());
		fields.put("percent", snapshot.percent());
		fields.put("rate", snapshot.rate());
		fields.put("bytesPerSecond", snapshot.bytesPerSecond());
		fields.put("etaSeconds", snapshot.etaSeconds());
		fields.put("workBatches", null);
		this.events.emit(RunEventType.PROGRESS, fields);
	}

}
