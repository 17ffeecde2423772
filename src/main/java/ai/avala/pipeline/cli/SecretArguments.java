package ai.avala.pipeline.cli;

import java.util.Locale;
import java.util.Properties;

/**
 * Refuses secrets passed where other users of the machine can read them (the command line, JVM system properties),
 * under every spelling Spring's relaxed binding would bind to the same property: {@code --avala.api-key},
 * {@code --avala.apiKey}, {@code --avala.api_key}, {@code --AVALA_API_KEY}, {@code --avala[api-key]},
 * {@code -Davala.api-key} and so on. Names are compared in a canonical form close to Spring's
 * {@code ConfigurationPropertyName}: lower case, without the separators {@code . - _} and the index brackets.
 * The refusal names the spelling used, never the value.
 */
final class SecretArguments {

	private static final String API_KEY = canonical("avala.api-key");

	private static final String WEBHOOK_SECRET = canonical("avala.webhook.secret");

	private SecretArguments() {
	}

	/** Throws {@link UsageException} if an argument or a system property names a secret. */
	static void refuse(String[] args, Properties systemProperties) {
		for (String arg : args) {
			if (arg.startsWith("-")) {
				check(nameOf(arg), "on the command line (" + nameOf(arg) + ")");
			}
		}
		for (String name : systemProperties.stringPropertyNames()) {
			check(name, "as a JVM system property (-D" + name + ")");
		}
	}

	private static void check(String name, String where) {
		String canonical = canonical(name);
		if (canonical.equals(API_KEY)) {
			throw new UsageException("do not pass the API key " + where + ", where other users can read it; "
					+ "set AVALA_API_KEY instead");
		}
		if (canonical.equals(WEBHOOK_SECRET)) {
			throw new UsageException("do not pass the webhook secret " + where + ", where other users can read it; "
					+ "set AVALA_WEBHOOK_SECRET instead");
		}
	}

	/** {@code --name=value}, {@code --name} or {@code -Dname=value}: the name, without dashes or value. */
	private static String nameOf(String arg) {
		String name = arg.replaceFirst("^-+", "");
		if (arg.startsWith("-D") && !arg.startsWith("--")) {
			name = name.substring(1);
		}
		int equals = name.indexOf('=');
		return (equals >= 0) ? name.substring(0, equals) : name;
	}

	static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[._\\-\\[\\]]", "");
	}

}
