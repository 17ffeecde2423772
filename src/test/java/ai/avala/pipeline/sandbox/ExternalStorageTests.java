package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code --storage-url} (benchmarks against a store the project did not write, issue 14): upload URLs point at
 * that store, and the sandbox, which never sees those bytes, counts the declared files as stored.
 */
class ExternalStorageTests {

	private AvalaSandbox sandbox;

	@AfterEach
	void stop() {
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

	@Test
	void uploadUrlsPointAtTheExternalStoreAndTheDatasetNeedsNoUploadsThroughTheSandbox() {
		// given
		this.sandbox = AvalaSandbox.start(SandboxConfig.defaults()
			.withRateLimitPerMinute(0)
			.withIndexingDelay(Duration.ZERO)
			.withExternalStorage("http://127.0.0.1:9/bucket/"));
		SandboxHttp http = new SandboxHttp(this.sandbox);
		// when
		JsonNode created = http.manifest("far", Map.of("a.bin", new byte[3], "b.bin", new byte[5]));
		// then
		String uid = created.get("uid").stringValue();
		created.get("files").values().forEach((file) -> assertThat(file.get("upload_url").stringValue())
			.matches("http://127\\.0\\.0\\.1:9/bucket/" + uid + "/[01]\\?expires=\\d+&signature=[0-9a-f]+"));
		assertThat(http.get("/datasets/" + uid + "/").json().get("status").stringValue()).isEqualTo("created");
	}

	@Test
	void anExternalStoreMustBeAnHttpUrlWithoutQuery() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SandboxConfig.defaults().withExternalStorage("ftp://127.0.0.1:9"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SandboxConfig.defaults().withExternalStorage("http://127.0.0.1:9/?x=1"));
	}

}
