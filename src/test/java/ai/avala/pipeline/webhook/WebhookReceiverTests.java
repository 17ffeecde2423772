package ai.avala.pipeline.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import ai.avala.pipeline.client.WakeableSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver over real HTTP on loopback, with its delivery store in an embedded H2 database.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookReceiverTests {

	private static final String SECRET = "whsec_test_0123456789";

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final WakeableSleeper sleeper = new WakeableSleeper();

	private final AwaitedProjects awaited = new AwaitedProjects();

	private EmbeddedDatabase database;

	private WebhookReceiver receiver;

	@BeforeEach
	void startReceiver() {
		this.database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.addScript("classpath:schema-avala.sql")
			.build();
		this.receiver = newReceiver();
	}

	@AfterEach
	void stop() {
		this.receiver.close();
		this.database.shutdown();
	}

	@Test
	void acceptsASignedDeliveryAndEndsACurrentWait() {
		// given
		CompletableFuture<Void> waiting = CompletableFuture.runAsync(this::sleepAnHour);
		byte[] body = project("p-1", "completed");
		// when: the sleeper is woken by every delivery received while the wait is in progress
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			post(body, WebhookSignature.sign(body, SECRET), "project.status_changed", UUID.randomUUID().toString());
			return waiting.isDone();
		});
		// then
		assertThat(this.receiver.counters().accepted()).isPositive();
		assertThat(this.receiver.counters().wakes()).isEqualTo(this.receiver.counters().accepted());
	}

	@Test
	void refusesAForgedSignatureWith401AndNamesTheReasonButNotTheSecret(CapturedOutput output) {
		// given
		byte[] body = project("p-1", "completed");
		String forged = WebhookSignature.sign(body, "not-the-secret");
		// when
		int status = post(body, forged, "project.status_changed", "d-forged");
		// then
		assertThat(status).isEqualTo(401);
		assertThat(this.receiver.counters().rejectedSignature()).isOne();
		assertThat(this.receiver.counters().wakes()).isZero();
		assertThat(output).contains("Rejected webhook delivery d-forged", "does not match the body")
			.doesNotContain(SECRET);
	}

	@Test
	void refusesADeliveryWithoutSignatureWith401(CapturedOutput output) {
		// given
		byte[] body = project("p-1", "completed");
		// when
		int status = post(body, null, "project.status_changed", "d-unsigned");
		// then
		assertThat(status).isEqualTo(401);
		assertThat(this.receiver.counters().rejectedSignature()).isOne();
		assertThat(output).contains("Rejected webhook delivery d-unsigned", "no X-Avala-Webhook-Signature header");
	}

	@Test
	void answersARepeatedDeliveryWith2xxButCountsItDuplicateAndDoesNotWakeAgain() {
		// given
		byte[] body = project("p-1", "completed");
		String signature = WebhookSignature.sign(body, SECRET);
		String delivery = UUID.randomUUID().toString();
		// when
		int first = post(body, signature, "project.status_changed", delivery);
		int repeat = post(body, signature, "project.status_changed", delivery);
		// then
		assertThat(first).isEqualTo(204);
		assertThat(repeat).isEqualTo(204);
		assertThat(this.receiver.counters().accepted()).isOne();
		assertThat(this.receiver.counters().duplicate()).isOne();
		assertThat(this.receiver.counters().wakes()).isOne();
	}

	@Test
	void recognisesADeliveryStoredBeforeARestart() {
		// given: a delivery received by the receiver of a previous process
		byte[] body = project("p-1", "completed");
		String signature = WebhookSignature.sign(body, SECRET);
		String delivery = UUID.randomUUID().toString();
		post(body, signature, "project.status_changed", delivery);
		this.receiver.close();
		this.receiver = newReceiver();
		// when
		int status = post(body, signature, "project.status_changed", delivery);
		// then
		assertThat(status).isEqualTo(204);
		assertThat(this.receiver.counters().duplicate()).isOne();
		assertThat(this.receiver.counters().accepted()).isZero();
		assertThat(this.receiver.counters().wakes()).isZero();
	}

	@Test
	void acceptsAnUnknownEvent() {
		// given
		byte[] body = "{\"uid\":\"x-1\",\"whatever\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
		// when
		int status = post(body, WebhookSignature.sign(body, SECRET), "dataset.reticulated", "d-unknown");
		// then
		assertThat(status).isEqualTo(204);
		assertThat(this.receiver.counters().accepted()).isOne();
	}

	@Test
	void wakesForAcceptedResultsOnlyWhenTheLastOpenTaskMayBeDone() {
		// given: the wait saw 2 open tasks at its last check
		this.awaited.awaiting("p-1", 2);
		byte[] first = result("p-1");
		byte[] second = result("p-1");
		// when
		post(first, WebhookSignature.sign(first, SECRET), "result.accepted", UUID.randomUUID().toString());
		long wakesAfterFirst = this.receiver.counters().wakes();
		post(second, WebhookSignature.sign(second, SECRET), "result.accepted", UUID.randomUUID().toString());
		// then
		assertThat(wakesAfterFirst).isZero();
		assertThat(this.receiver.counters().wakes()).isOne();
	}

	@Test
	void refusesAnOversizedBodyAndOtherMethods() throws Exception {
		// given
		byte[] huge = new byte[WebhookHandler.MAX_BODY_BYTES + 1];
		// when
		int tooLarge = post(huge, WebhookSignature.sign(huge, SECRET), "result.accepted", "d-huge");
		int get = this.http.send(HttpRequest.newBuilder(this.receiver.url()).GET().build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
		// then
		assertThat(tooLarge).isEqualTo(413);
		assertThat(get).isEqualTo(405);
	}

	@Test
	void answers503WithRetryAfterBeyondMaxPendingAndAnswersEveryDeliveryOnceThereIsRoom() {
		// given: every receiver thread is busy recording a delivery until released; 2 more may wait
		CountDownLatch release = new CountDownLatch(1);
		this.receiver.close();
		this.receiver = newReceiver(new DeliveryStore(this.database, Clock.systemUTC(), Duration.ofHours(72)) {
			@Override
			public boolean firstTime(String deliveryId, String event) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.firstTime(deliveryId, event);
			}
		}, 2, Duration.ofSeconds(30));
		int flood = WebhookReceiver.THREADS + 2 + 3;
		// when
		List<CompletableFuture<HttpResponse<Void>>> answers = IntStream.range(0, flood)
			.mapToObj((i) -> postAsync(project("p-" + i, "completed")))
			.toList();
		await().atMost(Duration.ofSeconds(30)).until(() -> answered(answers, 503) == 3);
		release.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
		// then: none lost silently, each answered 204 or 503 (Avala retries a 503)
		assertThat(answered(answers, 204)).isEqualTo(flood - 3);
		assertThat(answers).filteredOn((a) -> a.join().statusCode() == 503)
			.allSatisfy((a) -> assertThat(a.join().headers().firstValue("Retry-After")).isPresent());
		assertThat(this.receiver.counters().busy()).isEqualTo(3);
		assertThat(this.receiver.counters().accepted()).isEqualTo(flood - 3);
	}

	@Test
	void closesTheConnectionOfClientsThatSendHeadersAndStallAndServesOthersAfterwards() throws Exception {
		// given: as many stalled clients as the receiver has threads, each promising a body it never sends
		this.receiver.close();
		this.receiver = newReceiver(new DeliveryStore(this.database, Clock.systemUTC(), Duration.ofHours(72)), 64,
				Duration.ofMillis(500));
		List<Socket> stalled = new ArrayList<>();
		try {
			List<CompletableFuture<Integer>> reads = new ArrayList<>();
			for (int i = 0; i < WebhookReceiver.THREADS; i++) {
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.receiver.port());
				stalled.add(socket);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /webhooks/avala HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 100\r\n\r\n{\"uid\"").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				reads.add(CompletableFuture.supplyAsync(() -> read(in)));
			}
			// when
			await().atMost(Duration.ofSeconds(30)).until(() -> reads.stream().allMatch(CompletableFuture::isDone));
			byte[] body = project("p-1", "completed");
			int after = post(body, WebhookSignature.sign(body, SECRET), "project.status_changed", "d-after");
			// then: each stalled connection was closed without an answer, and the threads serve again
			assertThat(reads).allSatisfy((read) -> assertThat(read.join()).isEqualTo(-1));
			assertThat(this.receiver.counters().timedOut()).isEqualTo(WebhookReceiver.THREADS);
			assertThat(after).isEqualTo(204);
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
	}

	private static int read(InputStream in) {
		try {
			return in.read();
		}
		catch (IOException ex) {
			return -1; // reset: closed as well
		}
	}

	private static long answered(List<CompletableFuture<HttpResponse<Void>>> answers, int status) {
		return answers.stream().filter((a) -> a.isDone() && !a.isCompletedExceptionally())
			.filter((a) -> a.join().statusCode() == status)
			.count();
	}

	private CompletableFuture<HttpResponse<Void>> postAsync(byte[] body) {
		HttpRequest request = HttpRequest.newBuilder(this.receiver.url())
			.header("X-Avala-Webhook-Signature", WebhookSignature.sign(body, SECRET))
			.header("X-Avala-Webhook-Event", "project.status_changed")
			.header("X-Avala-Webhook-Delivery", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
	}

	private WebhookReceiver newReceiver() {
		return newReceiver(new DeliveryStore(this.database, Clock.systemUTC(), Duration.ofHours(72)), 64,
				Duration.ofSeconds(10));
	}

	private WebhookReceiver newReceiver(DeliveryStore store, int maxPending, Duration readTimeout) {
		WebhookProperties properties = new WebhookProperties(0, "127.0.0.1", null, SECRET, Duration.ofHours(72),
				maxPending, readTimeout);
		return WebhookReceiver.start(properties, store, this.sleeper, this.awaited);
	}

	private int post(byte[] body, String signature, String event, String delivery) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.receiver.url())
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.header("X-Avala-Webhook-Event", event)
			.header("X-Avala-Webhook-Delivery", delivery)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("X-Avala-Webhook-Signature", signature);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void sleepAnHour() {
		try {
			this.sleeper.sleep(Duration.ofHours(1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static byte[] project(String uid, String status) {
		return ("{\"uid\":\"" + uid + "\",\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] result(String projectUid) {
		return ("{\"uid\":\"" + UUID.randomUUID() + "\",\"project_uid\":\"" + projectUid
				+ "\",\"status\":\"accepted\"}").getBytes(StandardCharsets.UTF_8);
	}

}
