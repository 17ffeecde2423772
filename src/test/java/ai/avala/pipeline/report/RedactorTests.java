package ai.avala.pipeline.report;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

	@Test
	void removesTheKeyTheWebhookSecretAndEveryUrlsQueryString() {
		// given
		Redactor redactor = new Redactor(Arrays.asList("avk_secret_key", "whsec_123", null));
		String line = "storage PUT https://bucket.example/ds/f.bin?X-Amz-Signature=abc&X-Amz-Credential=k failed "
				+ "(HTTP 403) with key avk_secret_key, secret whsec_123";
		// when
		String clean = redactor.clean(line);
		// then
		assertThat(clean).doesNotContain("avk_secret_key", "whsec_123", "X-Amz-Signature", "abc")
			.contains("https://bucket.example/ds/f.bin?(query removed) failed (HTTP 403)");
	}

}
