package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs storage URLs so they need no server-side state: a million-file manifest gets a million
 * URLs without a million map entries. The signature covers the object and the expiry.
 */
final class Presigner {

	private final byte[] secret = new byte[32];

	private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

	Presigner() {
		new SecureRandom().nextBytes(secret);
	}

	String sign(String object, long expiresEpochSecond) {
		Mac mac = macs.get();
		byte[] digest = mac.doFinal((object + "\n" + expiresEpochSecond).getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest, 0, 16);
	}

	boolean verify(String object, long expiresEpochSecond, String signature) {
		if (signature == null) {
			return false;
		}
		byte[] expected = sign(object, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
