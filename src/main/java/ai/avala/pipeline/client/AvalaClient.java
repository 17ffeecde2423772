package ai.avala.pipeline.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.http.HttpMethod;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed calls for the endpoints of the Avala API the pipeline uses. Reads are retried under the
 * {@link RetryPolicy}; creates are sent once (a lost answer may mean the resource exists, so the caller
 * looks it up before sending again).
 */
public class AvalaClient {

	/** Stop following {@code next} links after this many pages: a server that loops must not hang the run. */
	private static final int MAX_PAGES = 1000;

	private final AvalaHttp http;

	private final Retrier retrier;

	private final JsonMapper json = AvalaJson.mapper();

	AvalaClient(AvalaHttp http, Retrier retrier) {
		this.http = http;
		this.retrier = retrier;
	}

	public Retrier retrier() {
		return this.retrier;
	}

	// --- datasets -------------------------------------------------------------------------------------

	/**
	 * §3a: sends the manifest-upload request (a JSON file) once, streams the answer to a file and hands it to
	 * {@code reader}. An answer the reader cannot use (not the JSON expected, or no uid) is a fault of the service
	 * after the dataset may well have been created: reported as a server failure, so the caller looks it up.
	 */
	public String createManifestDataset(Path requestJson, Path answerFile, Duration timeout,
			Function<Path, String> reader) {
		String path = "/datasets/manual-upload/";
		int status = this.http.postFileToFile(path, requestJson, answerFile, timeout);
		String uid;
		try {
			uid = reader.apply(answerFile);
		}
		catch (RuntimeException unreadable) {
			throw new AvalaServerException(status, null, "POST", path,
					"the answer is not the JSON expected (" + unreadable.getMessage() + ")", unreadable);
		}
		if (uid == null || uid.isBlank()) {
			throw new AvalaServerException(status, null, "POST", path, "the answer has no dataset uid",
					null);
		}
		return uid;
	}

	/** §3b finalise: creates the dataset from the files staged under its name. Sent once. */
	public Dataset finalisePerFileDataset(String name, String slug, String dataType) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("slug", slug);
		body.put("data_type", dataType);
		body.put("visibility", "private");
		body.put("create_metadata", true);
		return read(this.http.exchange(HttpMethod.POST, "/datasets/manual-upload/", body), Dataset.class);
	}

	public Dataset getDataset(String uid) {
		return get("/datasets/" + segment(uid) + "/", Dataset.class);
	}

	public List<Dataset> findDatasets(String name) {
		return list("/datasets/?name=" + query(name), Dataset.class, (d) -> name.equals(d.name()));
	}

	/** §3b: a fresh presigned form POST for one file of the dataset called {@code datasetName}. */
	public PresignedPost presignFile(String datasetName, String fileName, long size) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("dataset_name", datasetName);
		body.put("file_path_in_dataset", fileName);
		body.put("content_length", size);
		// Presigning has no side effect beyond staging a URL, so it is safe to retry.
		return this.retrier.call("presign " + fileName, () -> read(
				this.http.exchange(HttpMethod.POST, "/datasets/manual-upload/file-upload-url/", body),
				PresignedPost.class));
	}

	// --- projects -------------------------------------------------------------------------------------

	/** §4: clones the template onto the dataset. Sent once. */
	public Project cloneProject(String templateUid, String name, String datasetUid, String dataType) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("source_project_uid", templateUid);
		body.put("name", name);
		body.put(datasetField(dataType), datasetUid);
		return read(this.http.exchange(HttpMethod.POST, "/projects/create-from-existing/", body), Project.class);
	}

	public Project getProject(String uid) {
		return get("/projects/" + segment(uid) + "/", Project.class);
	}

	public List<Project> findProjects(String name) {
		return list("/users/me/projects/?name=" + query(name), Project.class, (p) -> name.equals(p.name()));
	}

	/**
	 * §5: approving is a state transition, so repeating it after a lost answer fails with 400 at worst (the
	 * caller reads the project then); that makes it safe to retry.
	 */
	public Project approve(String uid) {
		String path = "/projects/" + segment(uid) + "/approve/";
		return this.retrier.call("POST " + path,
				() -> read(this.http.exchange(HttpMethod.POST, path, null), Project.class));
	}

	/**
	 * §5: pause, resume or cancel. Like approving, a state transition: repeating it after a lost answer fails with
	 * 400 at worst (the caller reads the project then), so it is retried like a read.
	 */
	public Project transition(String uid, ProjectAction action) {
		String path = "/projects/" + segment(uid) + "/" + action.path() + "/";
		return this.retrier.call("POST " + path,
				() -> read(this.http.exchange(HttpMethod.POST, path, null), Project.class));
	}

	/** §6: the project's work batches, at most {@code maxPages} pages (the rate limit is shared with the wait). */
	public List<WorkBatch> workBatches(String projectUid, int maxPages) {
		return list("/work-batches/?project=" + query(projectUid), WorkBatch.class, (batch) -> true, maxPages);
	}

	/** §2: the organisations the key belongs to; any authenticated GET, so it also tells whether the key is valid. */
	public List<Organization> organizations() {
		return list("/organizations/", Organization.class, (org) -> true);
	}

	public ProjectMetrics metrics(String projectUid) {
		return get("/projects/" + segment(projectUid) + "/metrics/", ProjectMetrics.class);
	}

	// --- exports --------------------------------------------------------------------------------------

	/** §7: creates an export of the dataset. Sent once. */
	public Export createExport(String datasetUid, String format) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("dataset_uid", datasetUid);
		body.put("format", format);
		return read(this.http.exchange(HttpMethod.POST, "/exports/", body), Export.class);
	}

	public Export getExport(String uid) {
		return get("/exports/" + segment(uid) + "/", Export.class);
	}

	/** Exports of a dataset or project, newest first. Filters locally too: {@code ?dataset=} is the sandbox's. */
	public List<Export> findExports(String datasetUid, String projectUid) {
		return list("/exports/?dataset=" + query(datasetUid), Export.class, (e) -> e.covers(datasetUid, projectUid));
	}

	// --- webhooks -------------------------------------------------------------------------------------

	public JsonNode createWebhook(String targetUrl, List<String> events, String secret) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("target_url", targetUrl);
		body.put("events", events);
		if (secret != null) {
			body.put("secret", secret);
		}
		return readTree(this.http.exchange(HttpMethod.POST, "/webhooks/", body));
	}

	/** Deletes a webhook subscription; one already gone (404) counts as deleted. Idempotent, so retried like a read. */
	public void deleteWebhook(String uid) {
		String path = "/webhooks/" + query(uid) + "/";
		try {
			this.retrier.call("DELETE " + path, () -> this.http.exchange(HttpMethod.DELETE, path, null));
		}
		catch (AvalaNotFoundException gone) {
			// deleted already: by an earlier attempt whose answer was lost, or by a person
		}
	}

	/** The organisation's webhook subscriptions (without their secrets), newest first. */
	public List<JsonNode> listWebhooks() {
		return list("/webhooks/", JsonNode.class, (webhook) -> true);
	}

	// --- plumbing -------------------------------------------------------------------------------------

	private <T> T get(String path, Class<T> type) {
		return this.retrier.call("GET " + path, () -> read(this.http.exchange(HttpMethod.GET, path, null), type));
	}

	private <T> List<T> list(String firstPage, Class<T> type, Predicate<T> keep) {
		return list(firstPage, type, keep, MAX_PAGES);
	}

	private <T> List<T> list(String firstPage, Class<T> type, Predicate<T> keep, int maxPages) {
		List<T> found = new ArrayList<>();
		String next = firstPage;
		for (int page = 0; next != null && page < Math.min(maxPages, MAX_PAGES); page++) {
			String url = next;
			JsonNode body = this.retrier.call("GET " + url,
					() -> readTree(this.http.exchange(HttpMethod.GET, url, null)));
			JsonNode results = body.isArray() ? body : body.path("results");
			for (JsonNode item : results) {
				T value = this.json.treeToValue(item, type);
				if (keep.test(value)) {
					found.add(value);
				}
			}
			JsonNode nextNode = body.path("next");
			next = (nextNode.isString() && !nextNode.asString().isBlank()) ? nextNode.asString() : null;
		}
		return found;
	}

	/**
	 * Reads a successful answer. A 2xx whose body is not the JSON expected (a proxy's HTML page, a body cut
	 * short) is a fault of the service, not of the request: reported as a server failure naming the request,
	 * so it is retried like one, and a create that got such an answer is looked up before it is sent again.
	 */
	private <T> T read(ApiAnswer answer, Class<T> type) {
		try {
			return this.json.readValue(answer.body(), type);
		}
		catch (JacksonException ex) {
			throw unreadable(answer, ex);
		}
	}

	private JsonNode readTree(ApiAnswer answer) {
		try {
			return this.json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			throw unreadable(answer, ex);
		}
	}

	private static AvalaServerException unreadable(ApiAnswer answer, JacksonException ex) {
		// A webhook subscription's answer holds its secret: never echo one, even from a body cut short.
		String body = answer.body().strip().replaceAll("(\"secret\"\\s*:\\s*\")[^\"]*", "$1****");
		String start = (body.length() > 120) ? body.substring(0, 120) + "..." : body;
		return new AvalaServerException(answer.status(), null, answer.method(), answer.path(),
				"the answer is not the JSON expected (" + ex.getOriginalMessage() + "); it began: " + start, ex);
	}

	static String datasetField(String dataType) {
		String kind = (dataType == null) ? "image" : dataType.toLowerCase(java.util.Locale.ROOT);
		if (kind.equals("images") || kind.equals("image")) {
			return "image_dataset_uid";
		}
		return (kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind) + "_dataset_uid";
	}

	private static String segment(String uid) {
		return URLEncoder.encode(uid, StandardCharsets.UTF_8);
	}

	private static String query(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
