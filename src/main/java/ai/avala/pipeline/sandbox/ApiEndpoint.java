package ai.avala.pipeline.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

/**
 * Everything under {@code /api/v1}: routing, faults, authentication, rate limit, scope and plan
 * checks, in that order, then the route's handler. Faults come first because in the real world
 * they happen in front of the application.
 */
final class ApiEndpoint {

	static final String PREFIX = "/api/v1";

	private final SandboxContext context;

	private final List<Route> routes;

	ApiEndpoint(SandboxContext context, List<Route> routes) {
		this.context = context;
		this.routes = List.copyOf(routes);
	}

	/** Serves one API request; returns the status sent, 0 when the connection was dropped. */
	int serve(HttpExchange exchange) throws IOException {
		SandboxState state = context.state();
		state.counters.apiRequests.increment();
		String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
		Match match;
		try {
			match = match(exchange.getRequestMethod(), path);
		}
		catch (ApiException ex) {
			return send(exchange, withHeaders(ex.toReply(), state.rateLimiter.peek()));
		}
		Route route = match.route();
		String uid = match.uid();
		SandboxFaults.FaultPlan plan = context.faults.plan(route.key(), true);
		if (plan.failsBeforeDelayedEffect()) {
			applyLater(exchange, state, route, uid, path, plan.effectDelay());
			plan.sleep();
			return fail(exchange, state, plan);
		}
		if (plan.failsAfter()) {
			// A lost answer: the effect happens, then the latency, then the failure. The latency is the window
			// in which a test can kill a client that sent the request but has not heard back.
			handle(exchange, state, route, uid, path);
			plan.sleep();
			return fail(exchange, state, plan);
		}
		plan.sleep();
		if (plan.failsBefore()) {
			return fail(exchange, state, plan);
		}
		return send(exchange, handle(exchange, state, route, uid, path));
	}

	/**
	 * A gateway that gave up while the service kept working: the body is read now (the answer is about to end the
	 * exchange), and the request is handled {@code delay} later, against the state of the time it was sent. Its
	 * reply goes nowhere.
	 */
	private void applyLater(HttpExchange exchange, SandboxState state, Route route, String uid, String path,
			Duration delay) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		exchange.setStreams(new ByteArrayInputStream(body), null);
		Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
		context.pendingEffects.incrementAndGet();
		later.execute(() -> {
			try {
				handle(exchange, state, route, uid, path);
			}
			finally {
				context.pendingEffects.decrementAndGet();
			}
		});
	}

	private Reply handle(HttpExchange exchange, SandboxState state, Route route, String uid, String path) {
		RateLimiter.Verdict verdict = state.rateLimiter.peek();
		try {
			ApiKey key = state.keys.authenticate(exchange.getRequestHeaders().getFirst(Keys.HEADER));
			verdict = state.rateLimiter.acquire(key.value());
			if (!verdict.allowed()) {
				state.counters.throttled.increment();
				throw RateLimiter.throttled(verdict.retryAfterSeconds());
			}
			Keys.requireScope(key, route.scope());
			if (route.planCheck()) {
				Keys.requirePipelinePlan(key);
			}
			return withHeaders(route.handler().handle(new ApiCall(exchange, context, state, key, uid, path)), verdict);
		}
		catch (ApiException ex) {
			return withHeaders(ex.toReply(), verdict);
		}
		catch (IOException | RuntimeException ex) {
			return withHeaders(Reply.json(500, Json.obj("detail", "Internal sandbox error: " + ex)), verdict);
		}
	}

	private record Match(Route route, String uid) {
	}

	/** Finds the route; unknown paths are 404 and known paths with another method 405. */
	private Match match(String method, String path) {
		if (!path.endsWith("/")) {
			throw ApiException.notFound();
		}
		String[] segments = path.substring(1, path.length() - 1).split("/");
		boolean pathKnown = false;
		for (Route route : routes) {
			String uid = route.match(segments);
			if (uid != null) {
				pathKnown = true;
				if (route.method().equals(method)) {
					return new Match(route, uid);
				}
			}
		}
		if (pathKnown) {
			throw ApiException.detail(405, "Method \"" + method + "\" not allowed.");
		}
		throw ApiException.notFound();
	}

	private int fail(HttpExchange exchange, SandboxState state, SandboxFaults.FaultPlan plan) throws IOException {
		switch (plan.kind()) {
			case DROP:
				return 0;
			case THROTTLE:
				state.counters.throttled.increment();
				return send(exchange, withHeaders(RateLimiter.throttled(context.faults.retryAfterSeconds()).toReply(),
						state.rateLimiter.peek()));
			default:
				Reply reply = (plan.status() < 300) ? proxyPage(plan.status())
						: Reply.json(plan.status(), Json.obj("detail", "Simulated fault: HTTP " + plan.status() + "."));
				return send(exchange, withHeaders(reply, state.rateLimiter.peek()));
		}
	}

	/**
	 * A "success" whose body is not the API's JSON, as a misbehaving proxy or load balancer can answer: an error
	 * status of 2xx in a fault rule means this page. Combined with fail-after-effect, the effect did happen.
	 */
	private static Reply proxyPage(int status) {
		return Reply.bytes(status, "text/html",
				"<html><head><title>Service Unavailable</title></head><body>upstream reset</body></html>"
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static Reply withHeaders(Reply reply, RateLimiter.Verdict verdict) {
		verdict.applyTo(reply);
		return reply;
	}

	private static int send(HttpExchange exchange, Reply reply) throws IOException {
		reply.send(exchange);
		return reply.status();
	}

}
