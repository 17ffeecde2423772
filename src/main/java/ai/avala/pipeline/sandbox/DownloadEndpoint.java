package ai.avala.pipeline.sandbox;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;

/**
 * {@code GET /downloads/<token>}: the zip of a completed export. The token is the authorisation;
 * no API key is needed.
 */
final class DownloadEndpoint {

	static final String PREFIX = "/downloads/";

	private final SandboxContext context;

	DownloadEndpoint(SandboxContext context) {
		this.context = context;
	}

	int serve(HttpExchange exchange) throws IOException {
		SandboxFaults.FaultPlan plan = context.faults.plan("GET download", false);
		plan.sleep();
		if (plan.failsBefore()) {
			return context.storage().failBefore(exchange, plan);
		}
		Reply reply = download(exchange);
		if (plan.failsAfter() && plan.kind() == SandboxFaults.FaultPlan.Kind.DROP && reply.status() == 200) {
			return cutShort(exchange, reply);
		}
		if (plan.failsAfter()) {
			return context.storage().failAfter(exchange, plan);
		}
		return StorageEndpoint.send(exchange, reply);
	}

	/**
	 * A connection lost mid-body, as a real store's can be: the headers promise the whole zip, half of it is
	 * sent, then the connection closes.
	 */
	private static int cutShort(HttpExchange exchange, Reply reply) throws IOException {
		byte[] body = reply.body();
		exchange.getResponseHeaders().set("Content-Type", "application/zip");
		exchange.sendResponseHeaders(200, body.length);
		var out = exchange.getResponseBody();
		out.write(body, 0, body.length / 2);
		out.flush();
		// Not closing the body stream: the handler's exchange.close() then finds bytes missing and closes the
		// connection. Closing the stream here would leave the connection open and the client waiting.
		return 0;
	}

	private Reply download(HttpExchange exchange) {
		if (!exchange.getRequestMethod().equals("GET")) {
			return S3Error.reply(405, "MethodNotAllowed", "The specified method is not allowed.");
		}
		String token = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
		Export export = context.state().exports.byToken(token);
		byte[] zip = (export != null) ? export.archive() : null;
		if (zip == null) {
			return S3Error.reply(404, "NoSuchKey", "The specified key does not exist.");
		}
		return Reply.bytes(200, "application/zip", zip)
			.header("Content-Disposition", "attachment; filename=\"export-" + export.uid + ".zip\"");
	}

}
