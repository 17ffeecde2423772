package ai.avala.pipeline.client;

import java.util.Locale;
import java.util.Set;

/**
 * The labels under which calls are counted (docs/metrics.md): a path's route template, a failure's retry reason,
 * and the status of a call that got no answer. Bounded sets by construction: a UID, a query string or a URL never
 * becomes a label, so neither the meters' cardinality nor a secret can grow from what the server sends.
 */
final class CallLabels {

	/** First segments of the contract's routes; the route starts at the first of them (after the base path). */
	private static final Set<String> RESOURCES = Set.of("organizations", "datasets", "projects", "users",
			"work-batches", "exports", "webhooks");

	/** Fixed segments below a resource; any other segment is an identifier. */
	private static final Set<String> FIXED = Set.of("manual-upload", "file-upload-url", "create-from-existing",
			"approve", "pause", "resume", "cancel", "metrics", "me", "projects");

	/** Every route the client calls; anything else (a server's odd pagination link) is {@code other}. */
	static final Set<String> ROUTES = Set.of("/organizations/", "/datasets/", "/datasets/{uid}/",
			"/datasets/manual-upload/", "/datasets/manual-upload/file-upload-url/", "/projects/{uid}/",
			"/projects/create-from-existing/", "/projects/{uid}/approve/", "/projects/{uid}/pause/",
			"/projects/{uid}/resume/", "/projects/{uid}/cancel/", "/projects/{uid}/metrics/", "/users/me/projects/",
			"/work-batches/", "/exports/", "/exports/{uid}/", "/webhooks/", "/webhooks/{uid}/");

	static final String OTHER = "other";

	private CallLabels() {
	}

	/** {@code /api/v1/datasets/3fa8.../?page=2} → {@code /datasets/{uid}/}; unknown shapes → {@code other}. */
	static String route(String rawPath) {
		if (rawPath == null) {
			return OTHER;
		}
		int query = rawPath.indexOf('?');
		String path = (query >= 0) ? rawPath.substring(0, query) : rawPath;
		String[] segments = path.split("/");
		int start = 0;
		while (start < segments.length && !RESOURCES.contains(segments[start])) {
			start++;
		}
		if (start == segments.length || segments.length - start > 4) {
			return OTHER;
		}
		StringBuilder route = new StringBuilder("/");
		for (int i = start; i < segments.length; i++) {
			boolean fixed = (i == start) || FIXED.contains(segments[i]);
			route.append(fixed ? segments[i] : "{uid}").append('/');
		}
		String template = route.toString();
		return ROUTES.contains(template) ? template : OTHER;
	}

	/** The route of a failed call: {@code storage} for a storage URL. */
	static String route(Throwable failure) {
		if (failure instanceof StorageException) {
			return "storage";
		}
		if (failure instanceof AvalaApiException api) {
			return route(api.path());
		}
		return OTHER;
	}

	/** Why a failed call is retried: {@code 429}, {@code 5xx}, {@code connection}, {@code timeout} or {@code other}. */
	static String retryReason(Throwable failure) {
		int status = (failure instanceof AvalaApiException api) ? api.status()
				: (failure instanceof StorageException storage) ? storage.status() : -1;
		if (status == 429) {
			return "429";
		}
		if (status >= 500) {
			return "5xx";
		}
		if (status == 0) {
			return noAnswer(failure);
		}
		boolean storageTimeout = (failure instanceof StorageException storage)
				&& "RequestTimeout".equals(storage.storageCode());
		return (status == 408 || storageTimeout) ? "timeout" : OTHER;
	}

	/**
	 * The status label of a call that got no HTTP answer: {@code timeout} when the call or a read timed out, else
	 * {@code connection} (refused, reset, closed). The client's failures name their cause's class
	 * ({@code TimeoutException}, {@code ReadTimeoutException}, ...) in their message.
	 */
	static String noAnswer(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			String text = (t.getClass().getSimpleName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
			if (text.contains("timeout") || text.contains("timed out")) {
				return "timeout";
			}
		}
		return "connection";
	}

}
