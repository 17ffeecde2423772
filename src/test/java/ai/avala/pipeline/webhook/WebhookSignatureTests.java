package ai.avala.pipeline.webhook;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature against known answers computed by tools we did not write, so the signer (used by the sandbox) and
 * the verifier (used by the receiver) cannot agree with each other while both being wrong.
 */
class WebhookSignatureTests {

	/** A delivery-like body and secret. Computed with OpenSSL 3: {@code printf '%s' '<BODY>' | openssl dgst -sha256 -hmac '<SECRET>'} */
	private static final String BODY = "{\"uid\":\"8f2d1c3e-5b7a-4e21-9c0d-2f6a1b3c4d5e\",\"status\":\"completed\"}";

	private static final String SECRET = "whsec_kat_4f1b2c3d";

	private static final String EXPECTED = "633e65a50c06d60a5bc8f0f6173ff7ad6366f4ea1c7a9bfc73e5d228e0b3a721";

	@Test
	void signsLikeOpensslHmacSha256() {
		// when
		String signature = WebhookSignature.sign(BODY.getBytes(StandardCharsets.UTF_8), SECRET);
		// then
		assertThat(signature).isEqualTo(EXPECTED);
	}

	@Test
	void signsRfc4231TestCase2() {
		// given: RFC 4231 section 4.3 (key "Jefe"), also what `openssl dgst -sha256 -hmac 'Jefe'` prints
		byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
		// when
		String signature = WebhookSignature.sign(data, "Jefe");
		// then
		assertThat(signature).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void verifiesTheKnownAnswerWhateverItsHexCaseAndRefusesItForAnotherBody() {
		// given
		byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
		byte[] altered = BODY.replace("completed", "canceled").getBytes(StandardCharsets.UTF_8);
		// then
		assertThat(WebhookSignature.verify(body, SECRET, EXPECTED)).isTrue();
		assertThat(WebhookSignature.verify(body, SECRET, EXPECTED.toUpperCase())).isTrue();
		assertThat(WebhookSignature.verify(altered, SECRET, EXPECTED)).isFalse();
		assertThat(WebhookSignature.verify(body, "whsec_other", EXPECTED)).isFalse();
	}

}
