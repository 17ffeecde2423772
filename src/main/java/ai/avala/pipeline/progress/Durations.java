package ai.avala.pipeline.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations for people: {@code 45s}, {@code 3m 05s}, {@code 2h 07m}: to the second while it matters, coarser when it
 * does not. The one formatter for ETAs, waits and ages in log lines (never {@link Duration#toString()}'s
 * {@code PT1M50.55S}).
 */
public final class Durations {

	private Durations() {
	}

	public static String human(long seconds) {
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
	}

	public static String human(Duration duration) {
		return human(duration.toSeconds());
	}

}
