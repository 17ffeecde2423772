package ai.avala.pipeline.progress;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Progress output of long work (uploads, the export download). Bound from {@code avala.pipeline.*}.
 *
 * @param progressInterval how often a progress line is shown while an upload or download lasts; work that ends
 *     within one interval shows none
 */
@ConfigurationProperties("avala.pipeline")
public record ProgressProperties(@DefaultValue("5s") Duration progressInterval) {

	private static final Duration MIN = Duration.ofMillis(100);

	private static final Duration MAX = Duration.ofHours(1);

	public ProgressProperties {
		if (progressInterval == null || progressInterval.compareTo(MIN) < 0 || progressInterval.compareTo(MAX) > 0) {
			throw new IllegalArgumentException(
					"avala.pipeline.progress-interval must be between 100ms and 1h (e.g. 5s), was " + progressInterval);
		}
	}

}
