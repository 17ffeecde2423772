package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The one handler of the HTTP server: sends each request to the API, storage, download or control
 * endpoint and records what was answered. Closing an exchange whose answer was never started
 * drops the connection, which is exactly what a "drop" fault wants.
 */
final class SandboxHandler implements HttpHandler {

	private static final Logger LOG = Logger.getLogger(SandboxHandler.class.getName());

	private final SandboxContext context;

	private final ApiEndpoint api;

	private final StorageEndpoint storage;

	private final DownloadEndpoint downloads;

	private final ControlEndpoint control;

	SandboxHandler(SandboxContext context, ApiEndpoint api, StorageEndpoint storage, DownloadEndpoint downloads,
			ControlEndpoint control) {
		this.context = context;
		this.api = api;
		this.storage = storage;
		this.downloads = downloads;
		this.control = control;
	}

	@Override
	public void handle(HttpExchange exchange) {
		String path = exchange.getRequestURI().getRawPath();
		if (path.startsWith(ControlEndpoint.PREFIX)) {
			try {
				control.serve(exchange);
			}
			catch (IOException | RuntimeException ex) {
				LOG.log(Level.FINE, "control request failed: " + path, ex);
			}
			finally {
				exchange.close();
			}
			return;
		}
		SandboxState state = context.state();
		Instant arrived = Instant.now();
		boolean[] recorded = new boolean[1];
		Reply.STATUS_LISTENER.set((status) -> {
			recorded[0] = true;
			record(state, exchange, path, status, arrived);
		});
		try {
			serve(exchange, path);
		}
		catch (IOException | RuntimeException ex) {
			LOG.log(Level.FINE, "request failed: " + exchange.getRequestMethod() + " " + path, ex);
		}
		finally {
			Reply.STATUS_LISTENER.remove();
			if (!recorded[0]) {
				record(state, exchange, path, 0, arrived); // dropped: no answer went out
			}
			exchange.close();
		}
	}

	private int serve(HttpExchange exchange, String path) throws IOException {
		if (path.startsWith(ApiEndpoint.PREFIX + "/")) {
			return api.serve(exchange);
		}
		if (path.startsWith(StorageEndpoint.PREFIX)) {
			return storage.serve(exchange);
		}
		if (path.startsWith(DownloadEndpoint.PREFIX)) {
			return downloads.serve(exchange);
		}
		return StorageEndpoint.send(exchange, Reply.json(404, Json.obj("detail", "Not found.")));
	}

	private static void record(SandboxState state, HttpExchange exchange, String path, int status, Instant arrived) {
		String key = exchange.getRequestHeaders().getFirst(Keys.HEADER);
		state.requests.add(new RecordedRequest(exchange.getRequestMethod(), path,
				exchange.getRequestURI().getRawQuery(), status, key != null, key, arrived));
	}

}
