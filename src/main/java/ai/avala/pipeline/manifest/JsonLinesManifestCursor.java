package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams the entries of a JSON Lines manifest, one line at a time. Blank lines are skipped.
 */
final class JsonLinesManifestCursor implements ManifestCursor {

	private final Path manifest;

	private final LineReader lines;

	private final JsonLineParser parser;

	private JsonLinesManifestCursor(Path manifest, LineReader lines) {
		this.manifest = manifest;
		this.lines = lines;
		this.parser = new JsonLineParser(manifest, EntryFactory.forManifestFile(manifest));
	}

	static JsonLinesManifestCursor open(Path manifest) throws ManifestException {
		try {
			return new JsonLinesManifestCursor(manifest, new LineReader(Files.newBufferedReader(manifest), manifest));
		}
		catch (IOException ex) {
			throw ManifestFiles.failure(manifest, ex);
		}
	}

	@Override
	public ManifestEntry next() throws ManifestException {
		String line = nextNonBlankLine();
		return (line != null) ? this.parser.parse(line, this.lines.lineNumber()) : null;
	}

	@Override
	public void close() {
		this.lines.close();
	}

	private String nextNonBlankLine() throws ManifestException {
		try {
			String line = this.lines.next();
			while (line != null && line.isBlank()) {
				line = this.lines.next();
			}
			return line;
		}
		catch (IOException ex) {
			throw ManifestFiles.failure(this.manifest, ex);
		}
	}

}
