package ai.avala.pipeline.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * S3Proxy, an S3 server the project did not write, as a child JVM with its in-memory ({@code transient})
 * backend: its Jetty and jclouds stay out of our classpath. The jar is fetched by Maven at build time
 * ({@code maven-dependency-plugin:copy} into {@code target/s3proxy}), so nothing is downloaded while tests
 * run. If the jar is missing the build is broken and the test fails; only if {@code java} cannot start it is
 * the test skipped, with its output as the reason.
 */
final class S3ProxyProcess implements AutoCloseable {

	static final String IDENTITY = "local-identity";

	static final String CREDENTIAL = "local-credential";

	static final String REGION = "us-east-1";

	private final Process process;

	private final Path log;

	private final URI endpoint;

	private S3ProxyProcess(Process process, Path log, URI endpoint) {
		this.process = process;
		this.log = log;
		this.endpoint = endpoint;
	}

	static S3ProxyProcess start(Path folder) throws IOException {
		Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build with ./mvnw (its generate-test-resources phase "
					+ "copies org.gaul:s3proxy:jar-with-dependencies there)");
		}
		URI endpoint = URI.create("http://127.0.0.1:" + freePort());
		Path properties = Files.writeString(folder.resolve("s3proxy.properties"), String.join("\n",
				"s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + IDENTITY,
				"s3proxy.credential=" + CREDENTIAL, "jclouds.provider=transient", "jclouds.identity=" + IDENTITY,
				"jclouds.credential=" + CREDENTIAL, "jclouds.regions=" + REGION, ""));
		Path log = folder.resolve("s3proxy.log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--properties",
				properties.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		S3ProxyProcess proxy = new S3ProxyProcess(process, log, endpoint);
		proxy.awaitAnswering();
		return proxy;
	}

	URI endpoint() {
		return this.endpoint;
	}

	/** Any HTTP answer (an unsigned request gets 403) means it is up; a process that died cannot come up. */
	private void awaitAnswering() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		await("S3Proxy answering on " + this.endpoint).atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !this.process.isAlive() || answers(http));
		if (!this.process.isAlive()) {
			Assumptions.abort("java could not start S3Proxy (exit " + this.process.exitValue() + "): " + output());
		}
	}

	private boolean answers(HttpClient http) throws InterruptedException {
		try {
			http.send(HttpRequest.newBuilder(this.endpoint).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	String output() {
		try {
			String text = Files.readString(this.log);
			return (text.length() > 4000) ? text.substring(text.length() - 4000) : text;
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
