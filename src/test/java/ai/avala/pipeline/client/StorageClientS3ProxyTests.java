package ai.avala.pipeline.client;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StorageClient} against S3Proxy, a real S3 server the project did not write, with URLs signed as S3
 * signs them (SigV4, by the AWS SDK's own presigner and signer): what passes the sandbox must pass storage
 * that behaves as S3 does.
 */
class StorageClientS3ProxyTests {

	private static final String BUCKET = "avala-uploads";

	@TempDir
	static Path proxyFolder;

	@TempDir
	Path folder;

	private static S3ProxyProcess proxy;

	private static S3Presigner presigner;

	private final StorageClient client = new StorageClient(WebClient.create(), reactor.netty.http.client.HttpClient.create(),
			Duration.ofSeconds(30));

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startS3Proxy() throws Exception {
		proxy = S3ProxyProcess.start(proxyFolder);
		presigner = S3Presigner.builder()
			.endpointOverride(proxy.endpoint())
			.region(Region.of(S3ProxyProcess.REGION))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(S3ProxyProcess.IDENTITY, S3ProxyProcess.CREDENTIAL)))
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
			.build();
		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(sign(SdkHttpMethod.PUT, "/" + BUCKET, Clock.systemUTC()))
				.PUT(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body() + proxy.output()).isEqualTo(200);
	}

	@AfterAll
	static void stopS3Proxy() {
		if (presigner != null) {
			presigner.close();
		}
		if (proxy != null) {
			proxy.close();
		}
	}

	@Test
	void aPresignedPutStoresTheBytesAndTheEtagIsTheirMd5() throws Exception {
		// given: a file of several read chunks, and a URL presigned by the AWS SDK, Content-MD5 among its signed headers
		byte[] bytes = randomBytes(300_000);
		Path file = Files.write(this.folder.resolve("frame.bin"), bytes);
		String md5Base64 = Base64.getEncoder().encodeToString(md5(bytes));
		String url = presigner.presignPutObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
			.putObjectRequest((o) -> o.bucket(BUCKET).key("put/frame 1.bin").contentMD5(md5Base64)))
			.url()
			.toString();
		// when
		String etag = this.client.put(url, file, bytes.length, md5Base64);
		// then
		assertThat(etag).isEqualTo(HexFormat.of().formatHex(md5(bytes)));
		assertThat(stored("put/frame 1.bin")).isEqualTo(bytes);
	}

	@Test
	void anExpiredPresignedUrlFailsAtOnceNamingStatusAndCodeButNotTheSignature() throws Exception {
		// given: signed an hour ago for ten minutes
		Path file = Files.write(this.folder.resolve("late.bin"), new byte[] { 1, 2, 3 });
		URI url = sign(SdkHttpMethod.PUT, "/" + BUCKET + "/late.bin",
				Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
		String signature = url.getRawQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
		// when / then
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.client.put(url.toString(), file, 3, Base64.getEncoder().encodeToString(md5(new byte[] { 1, 2, 3 }))))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.storageCode()).isEqualTo("AccessDenied");
				assertThat(ex.getMessage()).startsWith("storage PUT 127.0.0.1:" + proxy.endpoint().getPort() + "/"
						+ BUCKET + "/late.bin failed (HTTP 403, AccessDenied): ")
					.doesNotContain(signature);
				assertThat(RetryPolicy.decide(ex)).isEqualTo(RetryPolicy.Decision.GIVE_UP);
			});
		assertThat(exists("late.bin")).isFalse();
	}

	@Test
	void realStorageRefusesAChunkedPutWith411AsTheSandboxDoes() throws Exception {
		// given
		String url = presigner.presignPutObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
			.putObjectRequest((o) -> o.bucket(BUCKET).key("chunked.bin"))).url().toString();
		// when: a body of unknown length, which the JDK client sends chunked
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[10])))
			.build(), HttpResponse.BodyHandlers.ofString());
		// then
		assertThat(response.statusCode()).isEqualTo(411);
		assertThat(response.body()).contains("<Code>MissingContentLength</Code>");
	}

	@Test
	void theFormPostWithASignedPostPolicyStoresTheFile() throws Exception {
		// given: the fields an S3 POST presign hands out (policy + SigV4 signature over it)
		byte[] bytes = randomBytes(200_000);
		Path file = Files.write(this.folder.resolve("form.bin"), bytes);
		Map<String, String> fields = postPolicyFields("form/frame.bin", CREDENTIAL_SECRET);
		// when
		this.client.postForm(new PresignedPost("POST", proxy.endpoint() + "/" + BUCKET, fields), file, bytes.length);
		// then
		assertThat(stored("form/frame.bin")).isEqualTo(bytes);
	}

	@Test
	void aFormPostWhosePolicyIsSignedWithAnotherSecretIsRefused() throws Exception {
		// given: proves the store checks the signature, so the test above could fail
		Path file = Files.write(this.folder.resolve("forged.bin"), new byte[] { 7 });
		Map<String, String> fields = postPolicyFields("form/forged.bin", "not-the-credential");
		// when / then
		assertThatExceptionOfType(StorageException.class)
			.isThrownBy(() -> this.client.postForm(new PresignedPost("POST", proxy.endpoint() + "/" + BUCKET, fields),
					file, 1))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(403));
		assertThat(exists("form/forged.bin")).isFalse();
	}

	private static final String CREDENTIAL_SECRET = S3ProxyProcess.CREDENTIAL;

	/** The browser-upload form of S3's POST policy (SigV4): what a per-file presign answer carries. */
	private static Map<String, String> postPolicyFields(String key, String secret) throws Exception {
		Instant now = Instant.now();
		String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
		String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
		String credential = S3ProxyProcess.IDENTITY + "/" + date + "/" + S3ProxyProcess.REGION + "/s3/aws4_request";
		String policyJson = "{\"expiration\":\"" + DateTimeFormatter.ISO_INSTANT.format(now.plusSeconds(600))
				+ "\",\"conditions\":[{\"bucket\":\"" + BUCKET + "\"},{\"key\":\"" + key + "\"},"
				+ "{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"},{\"x-amz-credential\":\"" + credential + "\"},"
				+ "{\"x-amz-date\":\"" + amzDate + "\"},[\"content-length-range\",0,1048576]]}";
		String policy = Base64.getEncoder().encodeToString(policyJson.getBytes(StandardCharsets.UTF_8));
		byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date),
				S3ProxyProcess.REGION), "s3"), "aws4_request");
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("key", key);
		fields.put("policy", policy);
		fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
		fields.put("x-amz-credential", credential);
		fields.put("x-amz-date", amzDate);
		fields.put("x-amz-signature", HexFormat.of().formatHex(hmac(signingKey, policy)));
		return fields;
	}

	/** A query-string SigV4 URL by the SDK's own signer, on a chosen clock (the presigner has none). */
	private static URI sign(SdkHttpMethod method, String path, Clock clock) {
		SdkHttpRequest request = SdkHttpRequest.builder().method(method).uri(proxy.endpoint().resolve(path)).build();
		return AwsV4HttpSigner.create()
			.sign((r) -> r.identity(AwsCredentialsIdentity.create(S3ProxyProcess.IDENTITY, S3ProxyProcess.CREDENTIAL))
				.request(request)
				.putProperty(AwsV4HttpSigner.REGION_NAME, S3ProxyProcess.REGION)
				.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
				.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
				.putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10))
				.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
				.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
				.putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
				.putProperty(HttpSigner.SIGNING_CLOCK, clock))
			.request()
			.getUri();
	}

	private byte[] stored(String key) throws Exception {
		HttpResponse<byte[]> response = get(key);
		assertThat(response.statusCode()).as(key).isEqualTo(200);
		return response.body();
	}

	private boolean exists(String key) throws Exception {
		return get(key).statusCode() == 200;
	}

	private HttpResponse<byte[]> get(String key) throws Exception {
		URI url = presigner.presignGetObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
			.getObjectRequest((o) -> o.bucket(BUCKET).key(key))).url().toURI();
		return this.http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static byte[] md5(byte[] bytes) throws Exception {
		return MessageDigest.getInstance("MD5").digest(bytes);
	}

	private static byte[] hmac(byte[] key, String data) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
	}

}
