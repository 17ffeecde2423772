package ai.avala.pipeline.sandbox;

import java.io.IOException;

/**
 * One API route: method, path template relative to {@code /api/v1} (also its fault key), the scope
 * it needs ({@code null}: any valid key) and whether it checks the plan.
 */
record Route(String method, String template, String scope, boolean planCheck, Handler handler) {

	/** Handles a request that passed authentication, rate limit, scope and plan checks. */
	interface Handler {

		Reply handle(ApiCall call) throws IOException;

	}

	String key() {
		return method + " " + template;
	}

	/** The {@code {uid}} segment if the path fits the template, "" if it fits without one, else null. */
	String match(String[] segments) {
		String[] parts = template.substring(1).split("/");
		if (parts.length != segments.length) {
			return null;
		}
		String uid = "";
		for (int i = 0; i < parts.length; i++) {
			if (parts[i].equals("{uid}")) {
				uid = segments[i];
			}
			else if (!parts[i].equals(segments[i])) {
				return null;
			}
		}
		return uid;
	}

}
