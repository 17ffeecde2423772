package ai.avala.pipeline.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.reactive.function.client.WebClient;
import ai.avala.pipeline.httpserver.JdkHttpServers;
import ai.avala.pipeline.upload.FileUploader;
import ai.avala.pipeline.upload.LedgerEntry;
import ai.avala.pipeline.upload.UploadOutcome;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How a file without a declared MD5 is verified (issue 14): hashed as it is sent and checked against the
 * store's ETag, or, when the store's ETag is no MD5, hashed first and sent with {@code Content-MD5}. Against a
 * stub store on loopback that is not the sandbox, so it can answer what a real store might.
 */
class UploadIntegrityRouteTests {

	@TempDir
	Path folder;

	private HttpServer server;

	private final List<String> contentMd5s = new CopyOnWriteArrayList<>();

	private final AtomicInteger puts = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void aFileIsSentOnceWithoutContentMd5AndConfirmedByAnEtagEqualToItsMd5() throws Exception {
		// given: a store answering the MD5 of what it received, as S3 does for a one-part PUT
		start((body) -> "\"" + md5Hex(body) + "\"");
		Path file = Files.write(this.folder.resolve("a.bin"), "the bytes".getBytes(StandardCharsets.UTF_8));
		// when
		UploadOutcome outcome = uploader(Duration.ofSeconds(10)).upload(entry(file), "dataset");
		// then
		assertThat(outcome.confirmed()).isTrue();
		assertThat(outcome.md5Hex()).isEqualTo(md5Hex("the bytes".getBytes(StandardCharsets.UTF_8)));
		assertThat(this.puts).hasValue(1);
		assertThat(this.contentMd5s).containsExactly("(none)");
	}

	@Test
	void anEtagThatContradictsTheFileIsACorruptedTransferAndRetried() throws Exception {
		// given: the store keeps other bytes the first time (its ETag says so), the right ones after
		AtomicInteger answered = new AtomicInteger();
		start((body) -> "\"" + ((answered.getAndIncrement() == 0) ? "00000000000000000000000000000000" : md5Hex(body))
				+ "\"");
		Path file = Files.write(this.folder.resolve("a.bin"), new byte[1000]);
		// when
		UploadOutcome outcome = uploader(Duration.ofSeconds(10)).upload(entry(file), "dataset");
		// then
		assertThat(outcome.confirmed()).isTrue();
		assertThat(outcome.attempts()).isEqualTo(2);
		assertThat(this.puts).hasValue(2);
	}

	@Test
	void aStoreWhoseEtagIsNoMd5GetsTheFileAgainWithContentMd5AndSoDoTheFilesAfterIt() throws Exception {
		// given: an opaque ETag, which says nothing about the bytes
		start((body) -> "\"v1-opaque\"");
		Path first = Files.write(this.folder.resolve("a.bin"), new byte[300_000]);
		Path second = Files.write(this.folder.resolve("b.bin"), new byte[10]);
		FileUploader uploader = uploader(Duration.ofSeconds(10));
		// when
		UploadOutcome one = uploader.upload(entry(first), "dataset");
		UploadOutcome two = uploader.upload(entry(second), "dataset");
		// then: the first file twice (the second time checked by the store), the second once, with its MD5
		assertThat(one.confirmed()).isTrue();
		assertThat(two.confirmed()).isTrue();
		assertThat(this.contentMd5s).hasSize(3);
		assertThat(this.contentMd5s.get(0)).isEqualTo("(none)");
		assertThat(this.contentMd5s.get(1)).isNotEqualTo("(none)");
		assertThat(this.contentMd5s.get(2)).isNotEqualTo("(none)");
	}

	@Test
	void aStoreThatNeverAnswersIsATimeoutNotAHang() throws Exception {
		// given: a store that takes the bytes and then says nothing
		start((body) -> {
			try {
				this.release.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "\"x\"";
		});
		Path file = Files.write(this.folder.resolve("a.bin"), new byte[10]);
		StorageClient client = new StorageClient(WebClient.create(), HttpClient.create(), Duration.ofMillis(300));
		// when / then: the watchdog closes the connection at the deadline (a blocking read has none of its own)
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> client.put(url("/bucket/a.bin"), file, 10, null))
			.satisfies((ex) -> {
				assertThat(ex.status()).isZero();
				assertThat(ex.transientFailure()).isTrue();
				assertThat(ex.getMessage()).contains("no complete answer within");
			});
		client.close();
	}

	private void start(Function<byte[], String> etag) throws IOException {
		this.server = JdkHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> serve(exchange, etag));
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.start();
	}

	private void serve(HttpExchange exchange, Function<byte[], String> etag) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		this.puts.incrementAndGet();
		String declared = exchange.getRequestHeaders().getFirst("Content-MD5");
		this.contentMd5s.add((declared != null) ? declared : "(none)");
		String answer = etag.apply(body);
		exchange.getResponseHeaders().set("ETag", answer);
		exchange.sendResponseHeaders(200, -1);
		exchange.close();
	}

	private FileUploader uploader(Duration callTimeout) {
		StorageClient storage = new StorageClient(WebClient.create(), HttpClient.create(), callTimeout);
		Retrier retrier = new Retrier(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1)),
				new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), () -> 1.0), (wait) -> {
				});
		return new FileUploader(storage, null, retrier, Clock.systemUTC());
	}

	private LedgerEntry entry(Path file) throws IOException {
		return new LedgerEntry(1, 0, file.getFileName().toString(), file, Files.size(file),
				Files.getLastModifiedTime(file).toMillis(), LedgerEntry.PENDING, url("/bucket/" + file.getFileName()),
				null, 0, null);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path + "?X-Amz-Signature=abc";
	}

	private static String md5Hex(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
