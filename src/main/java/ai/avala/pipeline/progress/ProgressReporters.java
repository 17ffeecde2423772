package ai.avala.pipeline.progress;

import java.time.Clock;
import java.util.function.LongSupplier;

import ai.avala.pipeline.progress.ProgressReporter.Totals;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Starts a {@link ProgressReporter} for a piece of work, with the configured interval, clock and sink. */
@Component
@EnableConfigurationProperties(ProgressProperties.class)
public class ProgressReporters {

	private final ProgressProperties properties;

	private final Clock clock;

	public ProgressReporters(ProgressProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/** Starts reporting; close the reporter when the work ends (it stops its timer). */
	public ProgressReporter start(String label, Totals totals, Totals before, LongSupplier files, LongSupplier bytes) {
		return new ProgressReporter(label, totals, before, files, bytes, this.clock, ProgressSink.forThisProcess())
			.every(this.properties.progressInterval());
	}

}
