package ai.avala.pipeline.progress;

import java.util.Locale;

/** Byte counts for people: {@code 1.2 MB} (powers of 1000, as disks and networks count). */
public final class ByteCounts {

	private static final String[] UNITS = { "kB", "MB", "GB", "TB", "PB" };

	private ByteCounts() {
	}

	public static String human(long bytes) {
		if (bytes < 1000) {
			return bytes + " B";
		}
		double value = bytes;
		int unit = -1;
		while (value >= 1000 && unit < UNITS.length - 1) {
			value /= 1000;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
	}

}
