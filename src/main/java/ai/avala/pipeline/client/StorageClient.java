package ai.avala.pipeline.client;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.metrics.ClientMeters;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Transfers to and from storage URLs: presigned PUTs and form POSTs, and export downloads. These URLs carry
 * their own authorisation, so this client never sends the API key and never follows redirects. Files are
 * streamed from and to disk, never held in memory.
 */
public class StorageClient implements AutoCloseable {

	private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");

	private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

	/** Transfers may take as long as their size needs at this slowest acceptable rate, plus the call timeout. */
	private static final long MIN_BYTES_PER_SECOND = 256 * 1024;

	private static final int MAX_REDIRECTS = 5;

	private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is required of every JDK", ex);
		}
	});

	private final WebClient webClient;

	private final HttpClient httpClient;

	private final Duration callTimeout;

	private final ClientMeters meters;

	private final DirectPut direct;

	/**
	 * @param httpClient the pooled client under {@code webClient}: PUTs use it directly, because WebClient's
	 * layers (filters, codecs, header adapters) cost more CPU per request than the request itself at
	 * thousands of small files per second
	 */
	StorageClient(WebClient webClient, HttpClient httpClient, Duration callTimeout) {
		this(webClient, httpClient, callTimeout, callTimeout, ClientMeters.none());
	}

	StorageClient(WebClient webClient, HttpClient httpClient, Duration callTimeout, Duration connectTimeout) {
		this(webClient, httpClient, callTimeout, connectTimeout, ClientMeters.none());
	}

	StorageClient(WebClient webClient, HttpClient httpClient, Duration callTimeout, Duration connectTimeout,
			ClientMeters meters) {
		this.webClient = webClient;
		this.httpClient = httpClient;
		this.callTimeout = callTimeout;
		this.meters = meters;
		this.direct = new DirectPut(connectTimeout);
	}

	/** What a PUT that hashed the file as it sent it learned: the storage's ETag and the file's MD5. */
	public record HashedPut(String etag, byte[] md5) {
	}

	/**
	 * PUTs a file to a presigned URL with {@code Content-MD5} and returns the ETag the storage answered
	 * (without quotes), or null if it sent none.
	 */
	public String put(String url, Path file, long size, String md5Base64) {
		return unquote(directPut(url, file, size, md5Base64, null));
	}

	/**
	 * PUTs a file without {@code Content-MD5}, hashing it in the same read that sends it: for a file whose MD5
	 * is not known yet, one pass over it instead of two. The caller checks the returned ETag (an S3 one-part
	 * upload's ETag is the MD5 of what it stored) against {@link HashedPut#md5()}.
	 */
	public HashedPut putHashing(String url, Path file, long size) {
		MessageDigest md5 = MD5.get();
		String etag = unquote(directPut(url, file, size, null, md5));
		return new HashedPut(etag, md5.digest());
	}

	private String directPut(String url, Path file, long size, String md5Base64, MessageDigest digest) {
		URI uri = URI.create(url);
		long start = System.nanoTime();
		DirectPut.Answer answer;
		try {
			answer = this.direct.put(uri, file, size, md5Base64, digest, transferTimeout(size));
		}
		catch (java.io.IOException ex) {
			throw observe("PUT", 0, new StorageException(0, null, where(uri, "PUT"),
					(ex instanceof DirectPut.TimedOut) ? ex.getMessage() : AvalaHttp.describe(ex), null), start);
		}
		if (answer.status() < 200 || answer.status() >= 300) {
			throw observe("PUT", 0, failure(answer.status(), answer.body(), uri, "PUT"), start);
		}
		observe("PUT", answer.status(), null, start);
		return answer.etag();
	}

	private static String unquote(String etag) {
		return (etag != null) ? etag.replace("\"", "").replace("W/", "") : null;
	}

	/** Closes the kept-alive storage connections. */
	@Override
	public void close() {
		this.direct.close();
	}

	/**
	 * The per-file flow's upload: a multipart form POST of the presigned fields, then the file as {@code file}.
	 * Storage refuses a body without {@code Content-Length} (S3: 501, S3-compatible stores: 411), so the
	 * framing is computed up front and the exact length sent; the file itself is still streamed from disk.
	 */
	public void postForm(PresignedPost target, Path file, long size) {
		URI uri = URI.create(target.url());
		MultipartForm form = MultipartForm.of(target.fields(), file.getFileName().toString());
		HttpClient.RequestSender request = this.httpClient
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_LENGTH, form.contentLength(size))
				.set(HttpHeaderNames.CONTENT_TYPE, form.contentType()))
			.post()
			.uri(uri);
		// One Flux of buffers for the whole body. Reactor Netty sends a lone Mono as a complete request with its
		// own length, and a file region (zero-copy, as the PUT) chained after or inside other content is dropped
		// or misordered by its HTTP encoder: the file is read in chunks instead, never whole.
		exchange(request.send((req, out) -> out.send(Flux.concat(buffer(form.prefix()),
				FileChunks.read(file, size, out.alloc()), buffer(form.suffix())))), uri, "POST", size);
	}

	private static Mono<ByteBuf> buffer(byte[] bytes) {
		return Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes));
	}

	/** Sends one upload on the pooled client (not WebClient, whose layers cost more CPU than a small file). */
	private String exchange(HttpClient.ResponseReceiver<?> request, URI uri, String method, long size) {
		Duration timeout = transferTimeout(size);
		long start = System.nanoTime();
		AtomicInteger answered = new AtomicInteger();
		try {
			String answeredTag = request.responseSingle((response, body) -> {
				int status = response.status().code();
				answered.set(status);
				if (status >= 200 && status < 300) {
					String etag = response.responseHeaders().get(HttpHeaderNames.ETAG);
					return body.then(Mono.just(Optional.ofNullable(etag)));
				}
				return body.asString()
					.defaultIfEmpty("")
					.flatMap((text) -> Mono.<Optional<String>>error(failure(status, text, uri, method)));
			})
				.timeout(timeout, timeoutError(timeout))
				.block()
				.map((tag) -> tag.replace("\"", "").replace("W/", ""))
				.orElse(null);
			observe(method, answered.get(), null, start);
			return answeredTag;
		}
		catch (RuntimeException ex) {
			throw observe(method, 0, translate(ex, uri, method), start);
		}
	}

	/**
	 * Tells the meters how one storage call ended: a 2xx ({@code status}), or {@code failure} (its HTTP status, or
	 * no answer). Returns the failure, for the caller to throw. The URL is never a label.
	 */
	private RuntimeException observe(String method, int status, RuntimeException failure, long start) {
		String label;
		if (failure == null) {
			label = ClientMeters.status(status);
		}
		else if (failure instanceof StorageException storage && storage.status() > 0) {
			label = ClientMeters.status(storage.status());
		}
		else {
			label = (failure instanceof StorageException) ? CallLabels.noAnswer(failure) : CallLabels.OTHER;
		}
		this.meters.storageCall(method, label, System.nanoTime() - start);
		return failure;
	}

	/**
	 * Streams a download to {@code target} (which it creates or truncates) and returns the bytes written.
	 * Redirects are followed (at most {@value #MAX_REDIRECTS}): a download URL may be a short link that sends
	 * the client on to the store, and this client never carries the API key, so following cannot leak it.
	 */
	public long download(String url, Path target) {
		return download(url, target, new AtomicLong());
	}

	/**
	 * The same, counting the bytes written into {@code written} as they arrive (set to 0 at the start), for a
	 * progress line read from another thread.
	 */
	public long download(String url, Path target, AtomicLong written) {
		URI uri = URI.create(url);
		for (int redirects = 0;; redirects++) {
			written.set(0);
			Redirect redirect = downloadOnce(uri, target, written);
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
	private Redirect downloadOnce(URI uri, Path target, AtomicLong written) {
		long start = System.nanoTime();
		AtomicInteger answered = new AtomicInteger();
		try {
			Mono<Optional<Redirect>> write = this.webClient.get().uri(uri).exchangeToMono((response) -> {
				int status = response.statusCode().value();
				answered.set(status);
				if (status >= 200 && status < 300) {
					return DataBufferUtils
						.write(response.bodyToFlux(DataBuffer.class)
							.doOnNext((buffer) -> written.addAndGet(buffer.readableByteCount())), target,
								StandardOpenOption.CREATE,
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
			Redirect redirect = write.timeout(timeout, timeoutError(timeout)).block().orElse(null);
			observe("GET", answered.get(), null, start);
			return redirect;
		}
		catch (RuntimeException ex) {
			throw observe("GET", 0, translate(ex, uri, "GET"), start);
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
