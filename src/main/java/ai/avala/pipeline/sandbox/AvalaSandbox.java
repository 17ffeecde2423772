package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import ai.avala.pipeline.httpserver.JdkHttpServers;

import com.sun.net.httpserver.HttpServer;

/**
 * An embedded, faithful HTTP simulator of the Avala API contract ({@code avala-api.md}), for tests
 * and benchmarks: JDK-only, starts in milliseconds on a loopback port, simulates time-consuming
 * work on a speedable {@link SandboxClock}, and records what clients did so tests can assert on it.
 */
public final class AvalaSandbox implements AutoCloseable {

	private static final Logger LOG = Logger.getLogger(AvalaSandbox.class.getName());

	private static final int HTTP_THREADS = 64;

	private static final long TICK_MILLIS = 50;

	private final SandboxContext context;

	private final HttpServer server;

	private final ExecutorService httpExecutor;

	private final ScheduledExecutorService scheduler;

	private final HttpClient webhookClient;

	private AvalaSandbox(SandboxConfig config) throws IOException {
		this.context = new SandboxContext(config);
		this.httpExecutor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("avala-sandbox-http"));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("avala-sandbox-clock"));
		this.webhookClient = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newCachedThreadPool(daemonThreads("avala-sandbox-webhook")))
			.build();
		this.server = JdkHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 4096);
		StorageEndpoint storage = new StorageEndpoint(context);
		context.bound(server.getAddress().getPort(), storage);
		context.state(new SandboxState(context, webhookClient));
		server.createContext("/", new SandboxHandler(context, new ApiEndpoint(context, routes()), storage,
				new DownloadEndpoint(context), new ControlEndpoint(this)));
		server.setExecutor(httpExecutor);
	}

	/** Starts a sandbox on 127.0.0.1:{@code config.port()} (0 picks a free port). */
	public static AvalaSandbox start(SandboxConfig config) {
		try {
			AvalaSandbox sandbox = new AvalaSandbox(config);
			sandbox.server.start();
			sandbox.scheduler.scheduleWithFixedDelay(sandbox::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
			return sandbox;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Avala sandbox could not bind port " + config.port(), ex);
		}
	}

	private List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		new DatasetApi(context).register(routes);
		new ProjectApi(context).register(routes);
		new ExportApi(context).register(routes);
		new WebhookApi().register(routes);
		new OrganizationApi().register(routes);
		return routes;
	}

	private void tick() {
		try {
			context.state().tick(context.clock.now());
		}
		catch (RuntimeException ex) {
			LOG.log(Level.WARNING, "sandbox tick failed", ex);
		}
	}

	public int port() {
		return server.getAddress().getPort();
	}

	public String baseUrl() {
		return context.apiBase();
	}

	public String apiKey() {
		return context.seedKey.value();
	}

	public String templateProjectUid() {
		return context.templateUid;
	}

	public String readyLine() {
		return "Avala sandbox ready: base-url=" + baseUrl() + " api-key=" + apiKey() + " template="
				+ templateProjectUid();
	}

	/** Drops all state except the seeds; clears faults, recorded requests and forced failures. */
	public void reset() {
		SandboxState old = context.state();
		context.state(new SandboxState(context, webhookClient));
		old.retire();
		context.faults.clear();
		context.failNewExports = false;
		context.clock.setSpeed(context.config.clockSpeed());
	}

	/** A new key in a new organisation on {@code plan} (FREE, STARTER, PRO, ENTERPRISE). */
	public String createKey(Set<String> scopes, String plan, boolean expired) {
		return context.state().keys.create(scopes, plan, expired).value();
	}

	/**
	 * Adds a template project readable by every organisation, with the given {@code task_type}, and returns its
	 * uid (e.g. a lidar template for a run whose data type does not fit it). Dropped by {@link #reset()}.
	 */
	public String addTemplate(String name, String taskType) {
		String uid = java.util.UUID.randomUUID().toString();
		context.state().projects.add(new Project(uid, null, name, taskType, null, List.of(), 0, "active",
				context.clock.now()));
		return uid;
	}

	public SandboxFaults faults() {
		return context.faults;
	}

	public SandboxStats stats() {
		return context.state().stats();
	}

	/** Stored files of a dataset by name; empty if the dataset does not exist. */
	public Map<String, StoredFile> storedFiles(String datasetUid) {
		Dataset dataset = context.state().datasets.find(datasetUid);
		return (dataset != null) ? dataset.files.stored() : Map.of();
	}

	/** Failed requests whose delayed effect ({@link FaultRule#withEffectDelay}) has not happened yet. */
	public int pendingEffects() {
		return context.pendingEffects.get();
	}

	public List<RecordedRequest> requests() {
		return context.state().requests.snapshot();
	}

	/** Forces an export to {@code failed} now (and fires {@code export.failed}). */
	public void failExport(String exportUid) {
		Export export = context.state().exports.find(exportUid);
		if (export == null) {
			throw new IllegalArgumentException("no such export: " + exportUid);
		}
		context.state().exports.fail(export, context.clock.now());
	}

	/**
	 * Replaces the rate limit: {@code limit} requests per key per {@code window} (real time). Tests use short
	 * windows to exercise a sustained limit in seconds instead of minutes.
	 */
	public void setRateLimit(int limit, Duration window) {
		context.state().rateLimiter = new RateLimiter(limit, window.toMillis());
	}

	public void setFailNewExports(boolean fail) {
		context.failNewExports = fail;
	}

	/** Finishes every task of a project now; it becomes {@code completed}. */
	public void completeProject(String projectUid) {
		context.state().projects.completeNow(clonedProject(projectUid), context.clock.now());
	}

	/** Archives a project now, as a person could in Avala's web app. */
	public void archiveProject(String projectUid) {
		context.state().projects.archiveNow(clonedProject(projectUid), context.clock.now());
	}

	/** Freezes a project's metrics at what they say now, as a lagging metrics cache would answer. */
	public void freezeMetrics(String projectUid) {
		clonedProject(projectUid).freezeMetrics(context.clock.now());
	}

	private Project clonedProject(String projectUid) {
		Project project = context.state().projects.find(projectUid);
		if (project == null || project.isTemplate()) {
			throw new IllegalArgumentException("no such project: " + projectUid);
		}
		return project;
	}

	public SandboxClock clock() {
		return context.clock;
	}

	SandboxContext context() {
		return context;
	}

	@Override
	public void close() {
		scheduler.shutdownNow();
		server.stop(0);
		httpExecutor.shutdownNow();
		context.state().retire();
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
