package ai.avala.pipeline.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.console.ActionGuard.Session;
import ai.avala.pipeline.console.ActuatorEndpoints.Answer;
import ai.avala.pipeline.console.ConsoleActions.Action;
import ai.avala.pipeline.console.RunCatalog.RunDetail;
import ai.avala.pipeline.httpserver.JdkHttpServers;
import ai.avala.pipeline.report.Redactor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (the JDK's, like the sandbox's): server-rendered pages of the runs, their live
 * fragments, the schedules, the operator's sign-in and actions, and Actuator's health and Prometheus endpoints, on
 * one port. Bounded: four worker threads, request bodies of at most 16 KiB.
 */
public final class ConsoleServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

	private static final Pattern RUN = Pattern.compile("/runs/(\\d+)(/fragment)?/?");

	private static final Pattern ACTION = Pattern.compile("/runs/(\\d+)/actions/([a-z]+)");

	private static final int MAX_BODY = 16 * 1024;

	private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
			+ "connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private final HttpServer server;

	private final ExecutorService workers = Executors.newFixedThreadPool(4, (task) -> {
		Thread thread = new Thread(task, "avala-console");
		thread.setDaemon(true);
		return thread;
	});

	private final ConsoleSite site;

	private ConsoleServer(HttpServer server, ConsoleSite site) {
		this.server = server;
		this.site = site;
	}

	public static ConsoleServer start(String bindAddress, int port, ConsoleSite site) throws IOException {
		HttpServer server = JdkHttpServers.create(new InetSocketAddress(bindAddress, port), 50);
		ConsoleServer console = new ConsoleServer(server, site);
		server.createContext("/", console::handle);
		server.setExecutor(console.workers);
		server.start();
		return console;
	}

	/** The URL scripts read from the ready line, e.g. {@code http://127.0.0.1:8085/}. */
	public String url() {
		InetSocketAddress address = this.server.getAddress();
		String host = address.getAddress().getHostAddress();
		return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			long now = System.currentTimeMillis();
			Optional<Session> session = this.site.guard().session(exchange.getRequestHeaders().getFirst("Cookie"), now);
			if (method.equals("POST")) {
				post(exchange, path, session, now);
				return;
			}
			if (!method.equals("GET") && !method.equals("HEAD")) {
				html(exchange, 405, Html.page("Not allowed", "<h1>Method not allowed</h1>"));
				return;
			}
			get(exchange, path, session, now);
		}
		catch (RuntimeException ex) {
			log.warn("Console request {} failed: {}", exchange.getRequestURI().getPath(), ex.toString());
			html(exchange, 500, Html.page("Error", "<h1>Error</h1><p>" + Html.escape(this.site.redactor().clean(
					String.valueOf(ex.getMessage()))) + "</p>"));
		}
	}

	private void get(HttpExchange exchange, String path, Optional<Session> session, long now) throws IOException {
		if (path.equals("/")) {
			html(exchange, 200, GridPage.render(this.site.catalog().recent()));
			return;
		}
		if (path.equals("/schedules")) {
			html(exchange, 200, this.site.schedulesPage(Instant.ofEpochMilli(now)));
			return;
		}
		if (path.equals("/login")) {
			html(exchange, 200, LoginPage.form(this.site.guard().enabled(), session, null));
			return;
		}
		if (path.equals("/actuator/health")) {
			send(exchange, this.site.actuator().health());
			return;
		}
		if (path.startsWith("/actuator/health/") && path.length() > "/actuator/health/".length()) {
			ActuatorEndpoints.Answer answer = this.site.actuator()
				.health(path.substring("/actuator/health/".length()).split("/"));
			if (answer != null) {
				send(exchange, answer);
				return;
			}
		}
		if (path.equals("/actuator/prometheus")) {
			send(exchange, this.site.actuator().prometheus());
			return;
		}
		Matcher run = RUN.matcher(path);
		if (run.matches()) {
			Optional<RunDetail> detail = this.site.catalog().run(Long.parseLong(run.group(1)));
			if (detail.isEmpty()) {
				html(exchange, 404, Html.page("Not found", "<h1>No run " + Html.escape(run.group(1)) + "</h1>"));
				return;
			}
			String actions = ActionForms.render(detail.get(), this.site.guard().enabled(), session);
			RunPage page = new RunPage(this.site.redactor());
			html(exchange, 200, (run.group(2) != null) ? page.fragment(detail.get(), actions, now)
					: page.page(detail.get(), actions, now));
			return;
		}
		html(exchange, 404, Html.page("Not found", "<h1>Not found</h1><p><a href=\"/\">Runs</a></p>"));
	}

	private void post(HttpExchange exchange, String path, Optional<Session> session, long now) throws IOException {
		Map<String, String> form = form(exchange);
		String remote = exchange.getRemoteAddress().getAddress().getHostAddress();
		if (!sameOrigin(exchange)) {
			html(exchange, 403, refused("the request came from another site (Origin " + exchange.getRequestHeaders().getFirst("Origin") + ")"));
			return;
		}
		if (path.equals("/login")) {
			signIn(exchange, form, remote, now);
			return;
		}
		Matcher matcher = ACTION.matcher(path);
		Action action = matcher.matches() ? Action.of(matcher.group(2)) : null;
		if (action == null) {
			html(exchange, 404, Html.page("Not found", "<h1>Not found</h1>"));
			return;
		}
		long instance = Long.parseLong(matcher.group(1));
		if (!this.site.guard().enabled()) {
			log.warn("Console action {} on run {} refused (actions are off: no AVALA_CONSOLE_TOKEN) from {}", action.word(), instance, remote);
			html(exchange, 403, refused("actions are off: this console is read-only (start it with AVALA_CONSOLE_TOKEN set)"));
			return;
		}
		if (session.isEmpty()) {
			log.warn("Console action {} on run {} refused (not signed in) from {}", action.word(), instance, remote);
			html(exchange, 403, refused("sign in as an operator first (<a href=\"/login\">sign in</a>)"));
			return;
		}
		if (!ActionGuard.csrfMatches(session.get(), form.get("csrf"))) {
			log.warn("Console action {} on run {} refused (CSRF token missing or wrong) for operator '{}' from {}",
					action.word(), instance, session.get().operator(), remote);
			html(exchange, 403, refused("the form's CSRF token is missing or wrong; reload the run's page and try again"));
			return;
		}
		act(exchange, action, instance, form, session.get(), remote, now);
	}

	private void act(HttpExchange exchange, Action action, long instance, Map<String, String> form, Session session,
			String remote, long now) throws IOException {
		long execution = Long.parseLong(form.getOrDefault("execution", "-1"));
		String operator = session.operator();
		String outcome;
		int status;
		try {
			outcome = this.site.actions().perform(action, execution);
			status = 200;
		}
		catch (RuntimeException ex) {
			outcome = "refused: " + this.site.redactor().clean(String.valueOf(ex.getMessage()));
			status = 409;
		}
		log.info("Console action {} on execution {} by operator '{}' from {} at {}: {}", action.word(), execution, operator,
				remote, Instant.ofEpochMilli(now), outcome);
		html(exchange, status, Html.page("Action", "<h1>" + Html.escape(action.word()) + " execution " + execution
				+ "</h1><p id=\"outcome\" class=\"" + (status == 200 ? "next" : "failure") + "\">" + Html.escape(outcome)
				+ "</p><p><a id=\"back\" href=\"/runs/" + instance + "\">Back to the run</a></p>"));
	}

	private void signIn(HttpExchange exchange, Map<String, String> form, String remote, long now) throws IOException {
		String operator = form.getOrDefault("operator", "").strip();
		if (operator.isEmpty() || operator.length() > 64) {
			html(exchange, 400, LoginPage.form(this.site.guard().enabled(), Optional.empty(), "give your name (1-64 characters)"));
			return;
		}
		Optional<Session> session = this.site.guard().signIn(form.get("token"), operator, now);
		if (session.isEmpty()) {
			log.warn("Console sign-in refused for operator '{}' from {}", operator, remote);
			html(exchange, 403, LoginPage.form(this.site.guard().enabled(), Optional.empty(),
					this.site.guard().enabled() ? "wrong token" : "actions are off: this console is read-only"));
			return;
		}
		log.info("Console sign-in of operator '{}' from {}", operator, remote);
		exchange.getResponseHeaders().add("Set-Cookie", ActionGuard.COOKIE + "=" + session.get().id()
				+ "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
		exchange.getResponseHeaders().add("Location", "/");
		exchange.sendResponseHeaders(303, -1);
	}

	/** A browser sends Origin with a POST; when it does, it must be this console. */
	private static boolean sameOrigin(HttpExchange exchange) {
		String origin = exchange.getRequestHeaders().getFirst("Origin");
		String host = exchange.getRequestHeaders().getFirst("Host");
		return origin == null || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
	}

	private static String refused(String why) {
		return Html.page("Refused", "<h1>Refused</h1><p id=\"outcome\" class=\"failure\">" + why + "</p>");
	}

	private static Map<String, String> form(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readNBytes(MAX_BODY + 1);
		}
		Map<String, String> form = new HashMap<>();
		if (body.length > MAX_BODY) {
			return form;
		}
		for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
			String[] kv = pair.split("=", 2);
			if (kv.length == 2) {
				form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void html(HttpExchange exchange, int status, String page) throws IOException {
		send(exchange, new Answer(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8)));
	}

	private static void send(HttpExchange exchange, Answer answer) throws IOException {
		var headers = exchange.getResponseHeaders();
		headers.set("Content-Type", answer.contentType());
		headers.set("Cache-Control", "no-store");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", CSP);
		// Not no-referrer: with it a browser sends "Origin: null" on a form POST, which the origin check refuses.
		headers.set("Referrer-Policy", "same-origin");
		boolean head = exchange.getRequestMethod().equals("HEAD");
		exchange.sendResponseHeaders(answer.status(), head ? -1 : (answer.body().length == 0 ? -1 : answer.body().length));
		if (!head && answer.body().length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.workers.shutdownNow();
	}

}
