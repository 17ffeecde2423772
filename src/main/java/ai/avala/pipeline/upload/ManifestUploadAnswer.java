package ai.avala.pipeline.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import ai.avala.pipeline.client.AvalaJson;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the answer of {@code POST /datasets/manual-upload/} as a stream: the dataset UID, and each file's
 * presigned URL straight into the ledger in batches, so a million URLs are never in memory together.
 */
public final class ManifestUploadAnswer {

	private static final int BATCH = 1000;

	private ManifestUploadAnswer() {
	}

	/** Stores the URLs and returns the dataset's UID (null if the answer had none). */
	public static String read(Path answer, UploadLedger ledger, long instance) {
		try (InputStream in = Files.newInputStream(answer);
				JsonParser parser = AvalaJson.mapper().createParser(in)) {
			String uid = null;
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalStateException("the manifest-upload answer is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if (field.equals("uid")) {
					uid = parser.getString();
				}
				else if (field.equals("files") && parser.currentToken() == JsonToken.START_ARRAY) {
					readFiles(parser, ledger, instance);
				}
				else {
					parser.skipChildren();
				}
			}
			return uid;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the manifest-upload answer " + answer, ex);
		}
	}

	private static void readFiles(JsonParser parser, UploadLedger ledger, long instance) {
		List<UploadLedger.PresignedUrl> batch = new ArrayList<>(BATCH);
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			String name = null;
			String url = null;
			String expires = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				switch (field) {
					case "name" -> name = parser.getString();
					case "upload_url" -> url = parser.getString();
					case "expires_at" -> expires = parser.getString();
					default -> parser.skipChildren();
				}
			}
			if (name != null && url != null) {
				batch.add(new UploadLedger.PresignedUrl(name, url, epochMillis(expires)));
			}
			if (batch.size() == BATCH) {
				ledger.assignUrls(instance, batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			ledger.assignUrls(instance, batch);
		}
	}

	/** Tolerates a missing or unparsable expiry: the URL is then used until storage says it expired. */
	static Long epochMillis(String timestamp) {
		if (timestamp == null || timestamp.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(timestamp).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.parse(timestamp).toEpochMilli();
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
