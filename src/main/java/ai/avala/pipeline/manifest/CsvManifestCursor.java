package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams the entries of a CSV manifest, one record at a time.
 */
final class CsvManifestCursor implements ManifestCursor {

	private final Path manifest;

	private final CsvRecordReader reader;

	private final CsvHeader header;

	private final EntryFactory entries;

	private CsvManifestCursor(Path manifest, CsvRecordReader reader, CsvHeader header) {
		this.manifest = manifest;
		this.reader = reader;
		this.header = header;
		this.entries = EntryFactory.forManifestFile(manifest);
	}

	/** Open the manifest and read its header, so that a bad header fails before any entry is read. */
	static CsvManifestCursor open(Path manifest) throws ManifestException {
		CsvRecordReader reader = null;
		boolean opened = false;
		try {
			reader = new CsvRecordReader(Files.newBufferedReader(manifest), manifest);
			CsvManifestCursor cursor = new CsvManifestCursor(manifest, reader, readHeader(manifest, reader));
			opened = true;
			return cursor;
		}
		catch (IOException ex) {
			throw ManifestFiles.failure(manifest, ex);
		}
		finally {
			if (!opened && reader != null) {
				reader.close();
			}
		}
	}

	private static CsvHeader readHeader(Path manifest, CsvRecordReader reader)
			throws IOException, ManifestException {
		List<String> fields = reader.next();
		if (fields == null) {
			throw new ManifestException(manifest + " is empty; a CSV manifest starts with a header row"
					+ " such as 'path,size,sha256,name'");
		}
		CsvHeader header = CsvHeader.parse(fields, reader);
		reader.columnNames(header.names());
		return header;
	}

	@Override
	public ManifestEntry next() throws ManifestException {
		List<String> record = readRecord();
		if (record == null) {
			return null;
		}
		long line = this.reader.recordLine();
		checkFieldCount(record, line);
		Path file = this.entries.resolve(field(record, "path"), line, column("path"), "path");
		long size = parseSize(field(record, "size"), line);
		return this.entries.create(line, file, size, field(record, "sha256"), field(record, "md5"),
				field(record, "name"));
	}

	@Override
	public void close() {
		this.reader.close();
	}

	private List<String> readRecord() throws ManifestException {
		try {
			return this.reader.next();
		}
		catch (IOException ex) {
			throw ManifestFiles.failure(this.manifest, ex);
		}
	}

	private void checkFieldCount(List<String> record, long line) throws ManifestSyntaxException {
		if (record.size() != this.header.size()) {
			long column = Math.min(record.size(), this.header.size()) + 1;
			throw this.reader.syntaxError(line, column, "the line has " + record.size() + " fields but the header has "
					+ this.header.size() + " (" + String.join(",", this.header.names())
					+ "); quote fields that contain commas");
		}
	}

	private long parseSize(String text, long line) throws ManifestSyntaxException {
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw this.reader.syntaxError(line, column("size"),
					"'" + text + "' is not an integer; size is the file's length in bytes");
		}
	}

	private String field(List<String> record, String column) {
		return this.header.value(record, column);
	}

	private long column(String name) {
		return this.header.indexOf(name) + 1;
	}

}
