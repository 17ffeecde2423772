package ai.avala.pipeline.report;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.core.env.Environment;

/**
 * Takes secrets out of free text (failure lines) before it goes into a report or JSON: the API key and the webhook
 * secret wherever they appear, and the query string of any URL (a presigned URL's signature is a credential).
 */
public final class Redactor {

	private static final Pattern URL_QUERY = Pattern.compile("(https?://[^\\s?\"']+)\\?[^\\s\"']*");

	private final List<String> secrets;

	Redactor(List<String> secrets) {
		this.secrets = secrets.stream().filter(Objects::nonNull).filter((s) -> !s.isBlank()).toList();
	}

	/** The secrets this process knows of: from the properties the command line filled from the environment. */
	public static Redactor of(Environment environment) {
		return new Redactor(java.util.Arrays.asList(environment.getProperty("avala.api-key"),
				environment.getProperty("avala.webhook.secret")));
	}

	public String clean(String text) {
		if (text == null) {
			return null;
		}
		String clean = URL_QUERY.matcher(text).replaceAll("$1?(query removed)");
		for (String secret : this.secrets) {
			clean = clean.replace(secret, "****");
		}
		return clean;
	}

}
