package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;

/**
 * One authenticated API request as handlers see it.
 */
final class ApiCall {

	final HttpExchange exchange;

	final SandboxContext context;

	final SandboxState state;

	final ApiKey key;

	final String uid;

	final String path;

	final QueryString query;

	final Instant now;

	ApiCall(HttpExchange exchange, SandboxContext context, SandboxState state, ApiKey key, String uid, String path) {
		this.exchange = exchange;
		this.context = context;
		this.state = state;
		this.key = key;
		this.uid = uid;
		this.path = path;
		this.query = QueryString.parse(exchange.getRequestURI().getRawQuery());
		this.now = context.clock.now();
	}

	String orgId() {
		return key.org().id();
	}

	InputStream body() {
		return exchange.getRequestBody();
	}

	/** The body as a JSON object (an empty object when there is no body). */
	JsonNode json() throws IOException {
		try (InputStream in = body()) {
			JsonNode node = Json.read(in);
			if (!node.isObject()) {
				throw ApiException.badRequest("JSON parse error - expected an object");
			}
			return node;
		}
	}

}
