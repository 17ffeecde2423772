package ai.avala.pipeline.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may act. The console is read-only unless a token is configured (from the environment,
 * {@code AVALA_CONSOLE_TOKEN}). An operator signs in with the token and a name and gets a session cookie
 * ({@code HttpOnly}, {@code SameSite=Strict}); each session has its own CSRF token, which every action form carries
 * and the server compares in constant time. Sessions are bounded (the oldest is forgotten) and expire.
 */
final class ActionGuard {

	static final String COOKIE = "avala_console_session";

	private static final int MAX_SESSIONS = 64;

	private static final long SESSION_MILLIS = 12 * 3600 * 1000L;

	private final SecureRandom random = new SecureRandom();

	private final byte[] token;

	private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
			return size() > MAX_SESSIONS;
		}
	};

	/** @param token the console token, or null/blank for a read-only console */
	ActionGuard(String token) {
		this.token = (token == null || token.isBlank()) ? null : token.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A signed-in operator.
	 *
	 * @param csrf the token every action form of this session carries
	 */
	record Session(String id, String operator, String csrf, long expiresAt) {
	}

	boolean enabled() {
		return this.token != null;
	}

	/** A new session when the token is right; empty otherwise (or when actions are off). */
	synchronized Optional<Session> signIn(String offered, String operator, long now) {
		if (this.token == null || offered == null
				|| !MessageDigest.isEqual(this.token, offered.getBytes(StandardCharsets.UTF_8))) {
			return Optional.empty();
		}
		Session session = new Session(randomId(), operator, randomId(), now + SESSION_MILLIS);
		this.sessions.put(session.id(), session);
		return Optional.of(session);
	}

	/** The session the request's cookie names, if it is known and not expired. */
	synchronized Optional<Session> session(String cookieHeader, long now) {
		if (this.token == null || cookieHeader == null) {
			return Optional.empty();
		}
		for (String part : cookieHeader.split(";")) {
			String[] pair = part.strip().split("=", 2);
			if (pair.length == 2 && pair[0].equals(COOKIE)) {
				Session session = this.sessions.get(pair[1]);
				if (session != null && session.expiresAt() > now) {
					return Optional.of(session);
				}
			}
		}
		return Optional.empty();
	}

	static boolean csrfMatches(Session session, String offered) {
		return offered != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
				offered.getBytes(StandardCharsets.UTF_8));
	}

	private String randomId() {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
