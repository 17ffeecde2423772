package ai.avala.pipeline.sandbox;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a reset throws away, in one object: a reset swaps in a fresh one, so no request ever
 * sees half-cleared state.
 */
final class SandboxState {

	final Keys keys;

	volatile RateLimiter rateLimiter;

	final Counters counters = new Counters();

	final RequestLog requests = new RequestLog();

	final Datasets datasets = new Datasets();

	/** Per-file presign staging, keyed by organisation and dataset name. */
	final Map<String, StagedSet> staging = new ConcurrentHashMap<>();

	final Map<String, FormGrant> formGrants = new ConcurrentHashMap<>();

	final Webhooks webhooks = new Webhooks();

	final WebhookDispatcher dispatcher;

	final Projects projects;

	final Exports exports;

	private volatile boolean current = true;

	SandboxState(SandboxContext context, HttpClient webhookClient) {
		SandboxConfig config = context.config;
		this.keys = new Keys(context.seedKey);
		this.rateLimiter = new RateLimiter(config.rateLimitPerMinute());
		this.dispatcher = new WebhookDispatcher(webhookClient, context.clock, webhooks, counters, () -> current);
		webhooks.dispatchTo(dispatcher);
		this.projects = new Projects(new AnnotationTiming(config.taskCreationDelay(), config.annotationDuration()),
				webhooks);
		this.exports = new Exports(datasets, projects, webhooks, context.origin());
		projects.add(new Project(context.templateUid, null, "Image annotation template", "image_annotation", null,
				java.util.List.of(), 0, "active", context.clock.now()));
	}

	/** Stops pending webhook retries of this state after a reset. */
	void retire() {
		current = false;
	}

	void tick(Instant now) {
		projects.tick(now);
		exports.tick(now);
		dispatcher.tick(now);
	}

	SandboxStats stats() {
		return new SandboxStats(datasets.count(), projects.count(), counters.approvals.get(), exports.count(),
				counters.webhooksRegistered.get(), counters.webhookDeliveries.get(), counters.filePuts.sum(),
				counters.apiRequests.sum(), counters.throttled.sum());
	}

}
