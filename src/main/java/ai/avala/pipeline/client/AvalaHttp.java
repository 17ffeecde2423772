package ai.avala.pipeline.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import ai.avala.pipeline.metrics.ClientMeters;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * One Avala API call: adds the key, applies the call timeout and the rate budget, and turns failures into
 * {@link AvalaApiException}s. The key is only ever sent to the configured API host. Every call is told to the
 * {@link ClientMeters} once, by {@link #observed}, under its route template (never its path or query).
 */
final class AvalaHttp {

	static final String API_KEY_HEADER = "X-Avala-Api-Key";

	private final WebClient webClient;

	private final AvalaProperties properties;

	private final ApiErrors errors;

	private final RateBudget budget;

	private final ClientMeters meters;

	AvalaHttp(WebClient webClient, AvalaProperties properties, ApiErrors errors, RateBudget budget,
			ClientMeters meters) {
		this.webClient = webClient;
		this.properties = properties;
		this.errors = errors;
		this.budget = budget;
		this.meters = meters;
	}

	/** Sends a request to a path under the base URL (or an absolute URL on the same host) and returns the answer. */
	ApiAnswer exchange(HttpMethod method, String pathOrUrl, Object jsonBody) {
		URI uri = resolve(pathOrUrl);
		String path = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		WebClient.RequestBodySpec request = request(method, uri);
		WebClient.RequestHeadersSpec<?> spec = (jsonBody != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(jsonBody) : request;
		ApiAnswer answer = send(spec, method, uri, path, this.properties.callTimeout());
		if (!answer.successful()) {
			throw this.errors.from(answer.status(), answer.body(), answer.headers().getFirst("Retry-After"),
					method.name(), path);
		}
		return answer.to(method.name(), path);
	}

	/**
	 * POSTs a JSON body read from a file and streams a successful answer's body to a file: a manifest of a
	 * million entries makes request and answer far too big for the heap.
	 */
	int postFileToFile(String path, Path jsonBody, Path answerFile, Duration timeout) {
		URI uri = resolve(path);
		WebClient.RequestHeadersSpec<?> spec = request(HttpMethod.POST, uri).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new FileSystemResource(jsonBody));
		acquireBudget(HttpMethod.POST, path);
		ApiAnswer answer = observed(HttpMethod.POST, uri, path, () -> spec.exchangeToMono((response) -> {
			int status = response.statusCode().value();
			HttpHeaders headers = response.headers().asHttpHeaders();
			if (status >= 200 && status < 300) {
				return DataBufferUtils.write(response.bodyToFlux(DataBuffer.class), answerFile)
					.then(Mono.just(new ApiAnswer(status, headers, "")));
			}
			return response.bodyToMono(String.class).defaultIfEmpty("").map((b) -> new ApiAnswer(status, headers, b));
		}).timeout(timeout, Mono.error(() -> new TimeoutException("no complete answer within " + timeout))).block());
		this.budget.update(answer.headers());
		if (!answer.successful()) {
			throw this.errors.from(answer.status(), answer.body(), answer.headers().getFirst("Retry-After"), "POST",
					path);
		}
		return answer.status();
	}

	private WebClient.RequestBodySpec request(HttpMethod method, URI uri) {
		WebClient.RequestBodySpec spec = this.webClient.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
		if (this.properties.hasApiKey()) {
			spec = spec.header(API_KEY_HEADER, this.properties.apiKey());
		}
		return spec;
	}

	private ApiAnswer send(WebClient.RequestHeadersSpec<?> spec, HttpMethod method, URI uri, String path,
			Duration timeout) {
		acquireBudget(method, path);
		ApiAnswer answer = observed(method, uri, path, () -> spec
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new ApiAnswer(response.statusCode().value(), response.headers().asHttpHeaders(), body)))
			.timeout(timeout, Mono.error(() -> new TimeoutException("no complete answer within " + timeout)))
			.block());
		this.budget.update(answer.headers());
		return answer;
	}

	/**
	 * Sends one request and tells the meters how it ended: its status, or that no answer came (a connection
	 * fault or timeout, turned into an {@link AvalaConnectionException}).
	 */
	private ApiAnswer observed(HttpMethod method, URI uri, String path, Supplier<ApiAnswer> call) {
		String route = CallLabels.route(uri.getRawPath());
		long start = System.nanoTime();
		try {
			ApiAnswer answer = call.get();
			this.meters.apiCall(method.name(), route, ClientMeters.status(answer.status()), System.nanoTime() - start);
			return answer;
		}
		catch (RuntimeException ex) {
			RuntimeException failure = noAnswer(ex, method.name(), path);
			String status = (failure instanceof AvalaConnectionException) ? CallLabels.noAnswer(failure) : CallLabels.OTHER;
			this.meters.apiCall(method.name(), route, status, System.nanoTime() - start);
			throw failure;
		}
	}

	private void acquireBudget(HttpMethod method, String path) {
		try {
			this.budget.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AvalaConnectionException(0, null, method.name(), path, "interrupted", ex);
		}
	}

	/** A connection fault or timeout as a (retryable) {@link AvalaConnectionException}; anything else as it is. */
	private static RuntimeException noAnswer(RuntimeException ex, String method, String path) {
		if (ex instanceof WebClientRequestException) {
			return new AvalaConnectionException(0, null, method, path, describe(ex), null);
		}
		Throwable cause = Exceptions.unwrap(ex);
		if (cause instanceof TimeoutException || cause instanceof java.io.IOException) {
			return new AvalaConnectionException(0, null, method, path, describe(cause), null);
		}
		return ex;
	}

	/** A fault's description without stack or URL query, which could carry credentials. */
	static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * The URL to call. Pagination links are followed as given, but only on the API's own host: the key must
	 * never be sent anywhere else.
	 */
	URI resolve(String pathOrUrl) {
		if (!pathOrUrl.startsWith("http://") && !pathOrUrl.startsWith("https://")) {
			return URI.create(this.properties.root() + pathOrUrl);
		}
		URI uri = URI.create(pathOrUrl);
		URI base = this.properties.baseUrl();
		if (!uri.getHost().equalsIgnoreCase(base.getHost()) || uri.getPort() != base.getPort()
				|| !uri.getScheme().equalsIgnoreCase(base.getScheme())) {
			throw new AvalaInvalidRequestException(0, null, "GET", uri.getRawPath(),
					"refusing to follow a link to another host (" + uri.getHost() + ") with the API key", null);
		}
		return uri;
	}

}
