package ai.avala.pipeline.sandbox;

import java.util.Set;

/**
 * An API key and what it may do. An empty scope set means full access, as the docs say.
 */
record ApiKey(String value, Org org, Set<String> scopes, boolean expired) {

	ApiKey {
		scopes = Set.copyOf(scopes);
	}

	boolean allows(String scope) {
		return scope == null || scopes.isEmpty() || scopes.contains(scope);
	}

}
