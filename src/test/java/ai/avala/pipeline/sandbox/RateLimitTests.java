package ai.avala.pipeline.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTests {

	@Test
	void everyResponseCarriesTheHeadersAndTheLimitIsEnforcedPerKey() {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxConfig.defaults().withRateLimitPerMinute(3))) {
			SandboxHttp http = new SandboxHttp(sandbox);
			// given three allowed calls
			for (int i = 0; i < 3; i++) {
				SandboxHttp.Response ok = http.get("/datasets/");
				assertThat(ok.status()).isEqualTo(200);
				assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("3");
				assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
				assertThat(Long.parseLong(ok.header("X-RateLimit-Reset")))
					.isGreaterThan(System.currentTimeMillis() / 1000);
			}
			// when
			SandboxHttp.Response throttled = http.get("/datasets/");
			// then
			assertThat(throttled.status()).isEqualTo(429);
			long retryAfter = Long.parseLong(throttled.header("Retry-After"));
			assertThat(retryAfter).isBetween(1L, 60L);
			assertThat(throttled.json().get("detail").stringValue())
				.isEqualTo("Request was throttled. Expected available in " + retryAfter + " seconds.");
			assertThat(throttled.header("X-RateLimit-Remaining")).isEqualTo("0");
			assertThat(sandbox.stats().throttled()).isEqualTo(1);
			String otherKey = sandbox.createKey(java.util.Set.of(), "PRO", false);
			assertThat(http.get("/datasets/", otherKey).status()).isEqualTo(200);
		}
	}

	@Test
	void zeroMeansUnlimited() {
		try (AvalaSandbox sandbox = AvalaSandbox.start(SandboxConfig.defaults().withRateLimitPerMinute(0))) {
			SandboxHttp http = new SandboxHttp(sandbox);
			for (int i = 0; i < 150; i++) {
				assertThat(http.get("/datasets/").status()).isEqualTo(200);
			}
		}
	}

}
