package ai.avala.pipeline.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Avala-Webhook-Signature} scheme: lowercase hex HMAC-SHA256 of the raw request body,
 * keyed with the webhook's secret. The sandbox signs with it and the receiver verifies with it, so
 * both sides cannot drift apart.
 */
public final class WebhookSignature {

	private static final String ALGORITHM = "HmacSHA256";

	private WebhookSignature() {
	}

	/** The signature header value for a body. */
	public static String sign(byte[] body, String secret) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

	/**
	 * Whether a received signature header matches the body. Compares in constant time so the
	 * answer leaks nothing about how much of a forged signature was right.
	 */
	public static boolean verify(byte[] body, String secret, String signatureHeader) {
		if (body == null || secret == null || secret.isEmpty() || signatureHeader == null) {
			return false;
		}
		byte[] expected = sign(body, secret).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = signatureHeader.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, actual);
	}

}
