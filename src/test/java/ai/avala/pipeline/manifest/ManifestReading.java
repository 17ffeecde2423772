package ai.avala.pipeline.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a manifest in tests: every entry, or up to the syntax error it must contain. */
final class ManifestReading {

	private ManifestReading() {
	}

	static List<ManifestEntry> readAll(Path manifest) throws ManifestException {
		List<ManifestEntry> entries = new ArrayList<>();
		try (ManifestCursor cursor = Manifest.open(manifest).cursor()) {
			for (ManifestEntry entry = cursor.next(); entry != null; entry = cursor.next()) {
				entries.add(entry);
			}
		}
		return entries;
	}

	static ManifestSyntaxException syntaxErrorReading(Path manifest) throws ManifestException {
		try (ManifestCursor cursor = Manifest.open(manifest).cursor()) {
			while (cursor.next() != null) {
				// read up to the broken line
			}
			throw new AssertionError("expected a syntax error in " + manifest);
		}
		catch (ManifestSyntaxException ex) {
			return ex;
		}
	}

}
