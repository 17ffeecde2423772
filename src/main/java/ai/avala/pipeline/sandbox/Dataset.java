package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One dataset: its declared files and the moment the last of them arrived, from which its status
 * is computed on every read ({@code creating} until indexing has finished).
 */
final class Dataset {

	final String uid;

	final String orgId;

	final String name;

	final String dataType;

	final String slug;

	final String visibility;

	final Instant createdAt;

	final FileTable files;

	private volatile Instant completedAt;

	private volatile Instant updatedAt;

	Dataset(String uid, String orgId, ManifestRequest request, FileTable files, Instant now) {
		this.uid = uid;
		this.orgId = orgId;
		this.name = request.name();
		this.dataType = request.dataType();
		this.slug = request.slug();
		this.visibility = (request.visibility() != null) ? request.visibility() : "private";
		this.createdAt = now;
		this.files = files;
		this.updatedAt = now;
		if (files.complete()) {
			this.completedAt = now;
		}
	}

	/** Records one stored upload (index into {@link #files}). */
	void stored(int index, byte[] md5, int puts, Instant now) {
		if (files.record(index, md5, puts)) {
			completedAt = now;
		}
		updatedAt = now;
	}

	String status(Instant now, Duration indexingDelay) {
		Instant done = completedAt;
		return (done != null && !now.isBefore(done.plus(indexingDelay))) ? "created" : "creating";
	}

	Map<String, Object> json(Instant now, Duration indexingDelay) {
		String status = status(now, indexingDelay);
		Instant updated = status.equals("created") ? max(updatedAt, completedAt.plus(indexingDelay)) : updatedAt;
		Map<String, Object> json = Json.obj("uid", uid, "name", name, "data_type", dataType, "status", status,
				"item_count", files.size(), "created_at", Json.time(createdAt), "updated_at", Json.time(updated));
		if (slug != null) {
			json.put("slug", slug);
		}
		json.put("visibility", visibility);
		return json;
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
