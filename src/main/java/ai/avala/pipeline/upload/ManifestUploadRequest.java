package ai.avala.pipeline.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.avala.pipeline.client.AvalaJson;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the body of {@code POST /datasets/manual-upload/} (contract §3a) to a file, streaming the file list
 * out of the ledger page by page: for a million entries the body is tens of megabytes.
 */
public final class ManifestUploadRequest {

	private static final int PAGE = 1000;

	private ManifestUploadRequest() {
	}

	public static void write(UploadLedger ledger, long instance, String name, String dataType, Path target) {
		try (OutputStream out = Files.newOutputStream(target);
				JsonGenerator json = AvalaJson.mapper().createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("name", name);
			json.writeStringProperty("data_type", dataType);
			json.writeArrayPropertyStart("files");
			long after = -1;
			for (List<LedgerEntry> page; !(page = ledger.page(instance, after, PAGE)).isEmpty();) {
				for (LedgerEntry entry : page) {
					json.writeStartObject();
					json.writeStringProperty("name", entry.name());
					json.writeNumberProperty("size", entry.size());
					json.writeEndObject();
				}
				after = page.get(page.size() - 1).entryNo();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the manifest-upload request to " + target, ex);
		}
	}

}
