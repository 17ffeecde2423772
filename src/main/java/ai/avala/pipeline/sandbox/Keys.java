package ai.avala.pipeline.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issued API keys and the answers of authentication, with the contract's exact 401/403 bodies.
 */
final class Keys {

	static final String HEADER = "X-Avala-Api-Key";

	static final Set<String> PLANS = Set.of("FREE", "STARTER", "PRO", "ENTERPRISE");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();

	Keys(ApiKey seed) {
		keys.put(seed.value(), seed);
	}

	static String newKeyValue() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return "avk_" + HexFormat.of().formatHex(bytes);
	}

	/** A new key in a new organisation on the given plan. */
	ApiKey create(Set<String> scopes, String plan, boolean expired) {
		if (!PLANS.contains(plan)) {
			throw new IllegalArgumentException("plan must be one of " + PLANS + ": " + plan);
		}
		ApiKey key = new ApiKey(newKeyValue(), new Org(UUID.randomUUID().toString(), plan), scopes, expired);
		keys.put(key.value(), key);
		return key;
	}

	ApiKey authenticate(String presented) {
		if (presented == null || presented.isEmpty()) {
			throw ApiException.detail(401, "Authentication credentials were not provided.");
		}
		ApiKey key = keys.get(presented);
		if (key == null) {
			throw ApiException.detail(401, "Invalid API key.");
		}
		if (key.expired()) {
			throw ApiException.detail(401, "API key has expired.");
		}
		return key;
	}

	static void requireScope(ApiKey key, String scope) {
		if (!key.allows(scope)) {
			throw new ApiException(403, Json.obj("detail", "This API key does not have the required scope: " + scope + ".",
					"code", "scope_required", "required_scope", scope));
		}
	}

	static void requirePipelinePlan(ApiKey key) {
		if (!key.org().allowsPipeline()) {
			throw new ApiException(403, Json.obj("detail",
					"This feature requires the PRO or ENTERPRISE plan; your organisation is on the " + key.org().plan()
							+ " plan.",
					"code", "plan_insufficient", "doc_url", "https://docs.avala.ai/plans"));
		}
	}

}
