package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.core.JsonGenerator;

/**
 * Dataset routes: listing, reading, and the manual-upload body of both upload flows.
 */
final class DatasetApi {

	private final SandboxContext context;

	private final Duration indexingDelay;

	DatasetApi(SandboxContext context) {
		this.context = context;
		this.indexingDelay = context.config.indexingDelay();
	}

	void register(List<Route> routes) {
		routes.add(new Route("GET", "/datasets/", "datasets.read", false, this::list));
		routes.add(new Route("POST", "/datasets/manual-upload/", "datasets.write", false, this::manualUpload));
		routes.add(new Route("POST", "/datasets/manual-upload/file-upload-url/", "datasets.write", false,
				new FilePresigner(context)::presign));
		routes.add(new Route("GET", "/datasets/{uid}/", "datasets.read", false, this::get));
	}

	private Reply list(ApiCall call) {
		String name = call.query.get("name");
		String dataType = call.query.get("data_type");
		String status = call.query.get("status");
		String visibility = call.query.get("visibility");
		List<Dataset> matching = call.state.datasets.list(call.orgId())
			.stream()
			.filter((d) -> name == null || d.name.equals(name))
			.filter((d) -> dataType == null || d.dataType.equals(dataType))
			.filter((d) -> status == null || d.status(call.now, indexingDelay).equals(status))
			.filter((d) -> visibility == null || d.visibility.equals(visibility))
			.toList();
		return Pages.page(call, matching, (d) -> d.json(call.now, indexingDelay));
	}

	private Reply get(ApiCall call) {
		return Reply.json(200, call.state.datasets.get(call.orgId(), call.uid).json(call.now, indexingDelay));
	}

	private Reply manualUpload(ApiCall call) throws IOException {
		ManifestRequest request;
		try (var body = call.body()) {
			request = ManifestReader.read(body);
		}
		return request.manifestFlow() ? createFromManifest(call, request) : finalise(call, request);
	}

	private Reply createFromManifest(ApiCall call, ManifestRequest request) {
		FileTable files = new FileTable(request.names(), request.sizes());
		Dataset dataset = new Dataset(UUID.randomUUID().toString(), call.orgId(), request, files, call.now);
		call.state.datasets.add(dataset);
		if (context.config.externalStorage() != null) {
			// Benchmark mode: the bytes go to a store the sandbox never hears from, so it takes every file as
			// stored now (with an unknown MD5); the client verifies the store's ETag against each file itself.
			for (int i = 0; i < files.size(); i++) {
				dataset.stored(i, new byte[16], 1, call.now);
			}
		}
		Instant expiresAt = call.now.plus(context.config.urlLifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		return Reply.stream(201, "application/json", (out) -> writeManifestAnswer(out, call, dataset, expiresAt));
	}

	/** Streams the answer: a million upload URLs do not fit comfortably in one byte array. */
	private void writeManifestAnswer(OutputStream out, ApiCall call, Dataset dataset, Instant expiresAt) {
		long expires = expiresAt.getEpochSecond();
		String expiresText = expiresAt.toString();
		String external = context.config.externalStorage();
		String storageBase = ((external != null) ? external + "/" : context.origin() + StorageEndpoint.PREFIX)
				+ dataset.uid + "/";
		try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
			json.writeStartObject();
			dataset.json(call.now, indexingDelay).forEach((name, value) -> {
				json.writeName(name);
				json.writePOJO(value);
			});
			json.writeArrayPropertyStart("files");
			for (int i = 0; i < dataset.files.size(); i++) {
				String object = dataset.uid + "/" + i;
				json.writeStartObject();
				json.writeStringProperty("name", dataset.files.name(i));
				json.writeNumberProperty("size", dataset.files.declaredSize(i));
				json.writeStringProperty("upload_url", storageBase + i + "?expires=" + expires + "&signature="
						+ context.presigner.sign(object, expires));
				json.writeStringProperty("expires_at", expiresText);
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
	}

	/** The finalise step of the per-file flow: the staged files become a dataset. */
	private synchronized Reply finalise(ApiCall call, ManifestRequest request) {
		if (request.slug() != null && call.state.datasets.slugTaken(call.orgId(), request.slug())) {
			throw ApiException.field("slug", "A dataset with this slug already exists.");
		}
		StagedSet staged = call.state.staging.remove(FilePresigner.stagingKey(call.orgId(), request.name()));
		if (staged == null) {
			staged = new StagedSet(call.orgId(), request.name());
		}
		Dataset dataset = staged.finalise(UUID.randomUUID().toString(), request, call.now);
		call.state.datasets.add(dataset);
		return Reply.json(201, dataset.json(call.now, indexingDelay));
	}

}
