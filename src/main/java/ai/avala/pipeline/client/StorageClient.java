package ai.avala.pipeline.client;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Transfers to and from storage URLs: presigned PUTs and form POSTs, and export downloads. These URLs carry
 * their own authorisation, so this client never sends the API key and never follows redirects. Files are
 * streamed from and to disk, never held in memory.
 */
public class StorageClient {

	private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");

	private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

	/** Transfers may take as long as their size needs at this slowest acceptable rate, plus the call timeout. */
	private static final long MIN_BYTES_PER_SECOND = 256 * 1024;

	private static final int MAX_REDIRECTS = 5;

	private final WebClient webClient;

	private final HttpClient httpClient;

	private final Duration callTimeout;

	/**
	 * @param httpClient the pooled client under {@code webClient}: PUTs use it directly, because WebClient's
	 * layers (filters, codecs, header adapters) cost more CPU per request than the request itself at
	 * thousands of small files per second
	 */
	StorageClient(WebClient webClient, HttpClient httpClient, Duration callTimeout) {
		this.webClient = webClient;
		this.httpClient = httpClient;
		this.callTimeout = callTimeout;
	}

	/**
	 * PUTs a file to a presigned URL with {@code Content-MD5} and returns the ETag the storage answered
	 * (without quotes), or null if it sent none.
	 */
	public String put(String url, Path file, long size, String md5Base64) {
		URI uri = URI.create(url);
		Duration timeout = transferTimeout(size);
		try {
			return this.httpClient
				.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_MD5, md5Base64)
					.set(HttpHeaderNames.CONTENT_LENGTH, size)
					.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM_VALUE))
				.put()
				.uri(uri)
				.send((request, out) -> out.sendFile(file, 0, size))
				.responseSingle((response, body) -> {
					int status = response.status().code();
					if (status >= 200 && status < 300) {
						String etag = response.responseHeaders().get(HttpHeaderNames.ETAG);
						return body.then(Mono.just(Optional.ofNullable(etag)));
					}
					return body.asString()
						.defaultIfEmpty("")
						.flatMap((text) -> Mono.<Optional<String>>error(failure(status, text, uri, "PUT")));
				})
				.timeout(timeout, timeoutError(timeout))
				.block()
				.map((etag) -> etag.replace("\"", "").replace("W/", ""))
				.orElse(null);
		}
		catch (RuntimeException ex) {
			throw translate(ex, uri, "PUT");
		}
	}

	/** The per-file flow's upload: a multipart form POST of the presigned fields, then the file as {@code file}. */
	public void postForm(PresignedPost target, Path file, long size) {
		URI uri = URI.create(target.url());
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		if (target.fields() != null) {
			target.fields().forEach(form::part);
		}
		form.part("file", new FileSystemResource(file)).filename(file.getFileName().toString());
		WebClient.RequestHeadersSpec<?> spec = this.webClient.post()
			.uri(uri)
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(form.build()));
		send(spec, uri, "POST", size);
	}

	/**
	 * Streams a download to {@code target} (which it creates or truncates) and returns the bytes written.
	 * Redirects are followed (at most {@value #MAX_REDIRECTS}): a download URL may be a short link that sends
	 * the client on to the store, and this client never carries the API key, so following cannot leak it.
	 */
	public long download(String url, Path target) {
		URI uri = URI.create(url);
		for (int redirects = 0;; redirects++) {
			Redirect redirect = downloadOnce(uri, target);
			if (redirect == null) {
				return target.toFile().length();
			}
			if (redirects == MAX_REDIRECTS) {
				throw new StorageException(redirect.status(), null, where(uri, "GET"),
						"more than " + MAX_REDIRECTS + " redirects; check the export's download_url", null);
			}
			uri = redirect.location();
		}
	}

	/** One GET: null when the body was written to {@code target}, else where a redirect points. */
	private Redirect downloadOnce(URI uri, Path target) {
		try {
			Mono<Optional<Redirect>> write = this.webClient.get().uri(uri).exchangeToMono((response) -> {
				int status = response.statusCode().value();
				if (status >= 200 && status < 300) {
					return DataBufferUtils
						.write(response.bodyToFlux(DataBuffer.class), target, StandardOpenOption.CREATE,
								StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
						.then(Mono.just(Optional.<Redirect>empty()));
				}
				String location = response.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION);
				if (status >= 300 && status < 400 && location != null) {
					return response.releaseBody().then(Mono.just(Optional.of(new Redirect(status, uri.resolve(location)))));
				}
				return response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.flatMap((body) -> Mono.<Optional<Redirect>>error(failure(status, body, uri, "GET")));
			});
			Duration timeout = this.callTimeout.multipliedBy(10);
			return write.timeout(timeout, timeoutError(timeout)).block().orElse(null);
		}
		catch (RuntimeException ex) {
			throw translate(ex, uri, "GET");
		}
	}

	private HttpHeaders send(WebClient.RequestHeadersSpec<?> spec, URI uri, String method, long size) {
		Duration timeout = transferTimeout(size);
		try {
			return spec.exchangeToMono((response) -> {
				int status = response.statusCode().value();
				HttpHeaders headers = response.headers().asHttpHeaders();
				if (status >= 200 && status < 300) {
					return response.releaseBody().thenReturn(headers);
				}
				return response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.flatMap((body) -> Mono.<HttpHeaders>error(failure(status, body, uri, method)));
			}).timeout(timeout, timeoutError(timeout)).block();
		}
		catch (RuntimeException ex) {
			throw translate(ex, uri, method);
		}
	}

	private Duration transferTimeout(long size) {
		return this.callTimeout.plusSeconds(size / MIN_BYTES_PER_SECOND);
	}

	private static <T> Mono<T> timeoutError(Duration timeout) {
		return Mono.error(() -> new TimeoutException("no complete answer within " + timeout));
	}

	private static StorageException failure(int status, String body, URI uri, String method) {
		String code = match(XML_CODE, body);
		String message = match(XML_MESSAGE, body);
		return new StorageException(status, code, where(uri, method),
				(message != null) ? message : AvalaHttp.describe(new RuntimeException(body.strip())), null);
	}

	private static RuntimeException translate(RuntimeException ex, URI uri, String method) {
		Throwable cause = Exceptions.unwrap(ex);
		if (cause instanceof StorageException storage) {
			return storage;
		}
		if (ex instanceof WebClientRequestException || cause instanceof TimeoutException
				|| cause instanceof java.io.IOException || isNettyIo(cause)) {
			return new StorageException(0, null, where(uri, method), AvalaHttp.describe(cause), null);
		}
		return ex;
	}

	private static boolean isNettyIo(Throwable cause) {
		String name = cause.getClass().getName();
		return name.startsWith("reactor.netty") || name.startsWith("io.netty");
	}

	/** Method, host and path: never the query, which holds the URL's signature. */
	static String where(URI uri, String method) {
		return method + " " + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "") + uri.getRawPath();
	}

	private static String match(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		return matcher.find() ? matcher.group(1) : null;
	}

	private record Redirect(int status, URI location) {
	}

}
