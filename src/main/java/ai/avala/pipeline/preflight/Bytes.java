package ai.avala.pipeline.preflight;

/** Byte counts for people: {@code 1.2 MB} (powers of 1000, as disks and networks count). */
final class Bytes {

	private Bytes() {
	}

	static String human(long bytes) {
		if (bytes < 1000) {
			return bytes + " B";
		}
		String[] units = { "kB", "MB", "GB", "TB", "PB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1000 && unit < units.length - 1) {
			value /= 1000;
			unit++;
		}
		return String.format("%.1f %s", value, units[unit]);
	}

}
