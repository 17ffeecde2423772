package ai.avala.pipeline.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.Project;
import ai.avala.pipeline.client.ProjectMetrics;
import ai.avala.pipeline.client.Sleeper;
import ai.avala.pipeline.events.RunEventType;
import ai.avala.pipeline.events.RunEvents;
import ai.avala.pipeline.progress.Durations;
import ai.avala.pipeline.progress.ProgressSamples;
import ai.avala.pipeline.webhook.AwaitedProjects;
import ai.avala.pipeline.webhook.WebhookSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code awaitCompletion}: checks the project's metrics once per iteration until every task is complete
 * (contract §6), pausing between checks (longer while nothing changes) without holding a database
 * transaction. Each iteration returns to Spring Batch, which is where a stop request takes effect. When
 * webhooks are configured it subscribes once per run, and a delivery that may mean "done" cuts the pause short
 * (see {@link AwaitedProjects}); polling remains the backstop for lost deliveries.
 */
public class AwaitCompletionTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(AwaitCompletionTasklet.class);

	/** The step execution whose subscription attempt failed; a restart is another execution, so it tries again. */
	private static final String WEBHOOK_TRIED = "await.webhook.triedIn";

	private static final String LAST_COMPLETED = "await.completed";

	/** Where the completion rate is measured from: the first check that saw a completed task. */
	private static final String RATE_SINCE = "await.rate.since";

	private static final String RATE_BASE = "await.rate.base";

	private static final String LOGGED_AT = "await.logged.at";

	private static final String LOGGED_COMPLETED = "await.logged.completed";

	/** A line at least this often while nothing changes, so a log shows the run is alive and where it stands. */
	static final Duration HEARTBEAT = Duration.ofMinutes(5);

	/** Set while the project is seen paused, so the pause is reported once. */
	private static final String PAUSED_SINCE = "await.paused.since";

	private final AvalaClient api;

	private final RunState state;

	private final CreateOnce creates;

	private final Clock clock;

	private final Sleeper sleeper;

	private final WebhookSubscriber webhooks;

	private final AwaitedProjects awaited;

	private final WorkBatchMonitor batches;

	private final RunEvents events;

	private final ProgressSamples samples;

	public AwaitCompletionTasklet(AvalaClient api, RunState state, CreateOnce creates, Clock clock, Sleeper sleeper,
			WebhookSubscriber webhooks, AwaitedProjects awaited, RunEvents events, ProgressSamples samples) {
		this.api = api;
		this.state = state;
		this.creates = creates;
		this.clock = clock;
		this.sleeper = sleeper;
		this.webhooks = webhooks;
		this.awaited = awaited;
		this.batches = new WorkBatchMonitor(api);
		this.events = events;
		this.samples = samples;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		String projectUid = this.state.read(step).project().uid();
		boolean subscribed = subscribeOnce(step, run);
		long wakesBefore = this.awaited.wakes();
		ProjectMetrics metrics = this.api.metrics(projectUid);
		boolean progressed = progressed(step, metrics);
		// Read at the last check too, so the reading kept for 'status' ends with the batches' final state.
		WorkBatchMonitor.Summary batches = this.batches.check(step, projectUid);
		logProgress(step.getExecutionContext(), metrics, run.definition().pollInterval(), batches);
		record(step.getExecutionContext(), metrics, batches);
		// For the console's chart and the progress gauge (best effort: never fails the wait).
		this.samples.record(step.getJobExecution().getJobInstance().getInstanceId(),
				new ProgressSamples.Sample(this.clock.millis(), metrics.completedTasks(), metrics.totalTasks(),
						(batches != null) ? batches.text().substring(2) : null));
		if (metrics.done() || finishedRemotely(step, projectUid)) {
			if (!metrics.done()) {
				// Completed on the Avala side ahead of its metrics: every task is done, so the chart ends at 100 %.
				this.samples.record(step.getJobExecution().getJobInstance().getInstanceId(), new ProgressSamples.Sample(
						this.clock.millis() + 1, metrics.totalTasks(), metrics.totalTasks(), null));
			}
			this.awaited.finished(projectUid);
			this.batches.finished(step);
			log.info("Project {}: annotation complete ({}/{} tasks)", projectUid, metrics.completedTasks(),
					metrics.totalTasks());
			return RepeatStatus.FINISHED;
		}
		if (metrics.totalTasks() > 0) {
			this.awaited.awaiting(projectUid, metrics.totalTasks() - metrics.completedTasks());
		}
		Wait wait = new Wait(step, "await", this.clock, this.sleeper);
		wait.checkDeadline("project " + projectUid + " to complete", run.definition().pollTimeout(),
				metrics.completedTasks() + "/" + metrics.totalTasks() + " tasks completed");
		if (this.awaited.wakes() != wakesBefore) {
			log.debug("Project {}: a webhook arrived during the check; checking again now", projectUid);
			return RepeatStatus.CONTINUABLE;
		}
		// With a subscription, progress need not shorten the pause: the delivery that matters wakes us.
		wait.pause(progressed && !subscribed, run.definition().pollInterval(), run.definition().pollMaxInterval());
		return RepeatStatus.CONTINUABLE;
	}

	/**
	 * Reads the project's status at every check the metrics did not end: {@code completed} is done whatever the
	 * task counts say; canceled or archived (by a person or by Avala) can never complete, so the run fails now
	 * instead of waiting out {@code poll.timeout}; paused keeps the run waiting, said once per pause.
	 */
	private boolean finishedRemotely(StepExecution step, String projectUid) {
		Project project = this.api.getProject(projectUid);
		if (project.ended()) {
			this.awaited.finished(projectUid);
			throw new ProjectEndedException(projectUid, project.name(), project.status(), step.getJobExecutionId());
		}
		ExecutionContext context = step.getExecutionContext();
		if (project.paused() && !context.containsKey(PAUSED_SINCE)) {
			context.putLong(PAUSED_SINCE, this.clock.millis());
			log.warn("Project {} is paused on the Avala side: annotation (and its billing) is on hold; still waiting "
					+ "until it is resumed, or until poll.timeout", projectUid);
			this.events.warning("wait", "project " + projectUid + " is paused on the Avala side; still waiting until it "
					+ "is resumed, or until poll.timeout");
		}
		else if (!project.paused() && context.containsKey(PAUSED_SINCE)) {
			context.remove(PAUSED_SINCE);
			log.info("Project {} is {} again; annotation goes on", projectUid, project.status());
		}
		return project.completed();
	}

	/**
	 * Subscribes to webhooks at most once per run (the uid is recorded in the job's context, and a create whose
	 * answer may have been lost is looked up first, among this run's own subscriptions only). A failure only costs
	 * the early wake-ups: it is logged and not retried in this step execution, but a restart tries again (the
	 * marker names the execution, because a restart copies the step's context). Returns whether the run has a
	 * subscription.
	 */
	private boolean subscribeOnce(StepExecution step, RunContext run) {
		if (!this.webhooks.enabled()) {
			return false;
		}
		if (this.state.read(step).webhook().uid() != null) {
			return true;
		}
		ExecutionContext context = step.getExecutionContext();
		String thisExecution = String.valueOf(step.getId());
		if (thisExecution.equals(context.getString(WEBHOOK_TRIED, null))) {
			return false;
		}
		context.putString(WEBHOOK_TRIED, thisExecution);
		String name = run.resourceName();
		try {
			String uid = this.creates.uid(step, RunRecord.Resource.WEBHOOK, "webhook subscription",
					() -> this.webhooks.find(name), () -> this.webhooks.create(name));
			log.info("Subscribed to Avala webhooks at {} (subscription {})", this.webhooks.targetUrl(name), uid);
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Could not subscribe to Avala webhooks at {}; waiting by polling only (a restart tries again): {}",
					this.webhooks.targetUrl(name), ex.getMessage());
			return false;
		}
	}

	private static boolean progressed(StepExecution step, ProjectMetrics metrics) {
		var context = step.getExecutionContext();
		long before = context.containsKey(LAST_COMPLETED) ? context.getLong(LAST_COMPLETED) : -1;
		context.putLong(LAST_COMPLETED, metrics.completedTasks());
		return metrics.completedTasks() != before;
	}

	/**
	 * Logs progress and an ETA when the count changed, at most once per poll interval (wake-ups check more often),
	 * and a heartbeat line with the same figures when nothing changed for {@link #HEARTBEAT}.
	 */
	private void logProgress(ExecutionContext context, ProjectMetrics metrics, Duration interval,
			WorkBatchMonitor.Summary batches) {
		long now = this.clock.millis();
		if (metrics.completedTasks() > 0 && !context.containsKey(RATE_SINCE)) {
			context.putLong(RATE_SINCE, now);
			context.putLong(RATE_BASE, metrics.completedTasks());
		}
		boolean changed = !context.containsKey(LOGGED_COMPLETED)
				|| context.getLong(LOGGED_COMPLETED) != metrics.completedTasks();
		long since = context.containsKey(LOGGED_AT) ? now - context.getLong(LOGGED_AT) : Long.MAX_VALUE;
		boolean heartbeat = !changed && since >= HEARTBEAT.toMillis();
		if (metrics.done() || !((changed && since >= interval.toMillis()) || heartbeat)) {
			return;
		}
		context.putLong(LOGGED_AT, now);
		context.putLong(LOGGED_COMPLETED, metrics.completedTasks());
		log.info("Project {}: {}{}/{} tasks completed ({}%){}{}", metrics.projectUid(),
				heartbeat ? "still waiting, " : "", metrics.completedTasks(), metrics.totalTasks(),
				String.format("%.1f", metrics.percent()), eta(context, metrics, now),
				(batches != null) ? batches.text() : "");
	}

	/** The rate since the first completed task was seen, and when the rest should be done at that rate. */
	private static String eta(ExecutionContext context, ProjectMetrics metrics, long now) {
		Double perSecond = rate(context, metrics, now);
		if (perSecond == null) {
			return "; ETA when a rate is known";
		}
		Duration left = left(metrics, perSecond);
		return String.format("; %.2f tasks/s, about %s left (ETA %s)", perSecond,
				Durations.human(Math.max(1, left.toSeconds())), Instant.ofEpochMilli(now).plus(left).truncatedTo(ChronoUnit.SECONDS));
	}

	/** Tasks completed per second since the first completed task was seen, or null before a rate is known. */
	private static Double rate(ExecutionContext context, ProjectMetrics metrics, long now) {
		long done = context.containsKey(RATE_BASE) ? metrics.completedTasks() - context.getLong(RATE_BASE) : 0;
		long elapsed = context.containsKey(RATE_SINCE) ? now - context.getLong(RATE_SINCE) : 0;
		if (done <= 0 || elapsed <= 0 || metrics.totalTasks() == 0) {
			return null;
		}
		return done * 1000.0 / elapsed;
	}

	private static Duration left(ProjectMetrics metrics, double perSecond) {
		long remaining = Math.max(0, metrics.totalTasks() - metrics.completedTasks());
		return Duration.ofMillis((long) (remaining / perSecond * 1000));
	}

	/**
	 * Keeps this check's reading in the step's context, which Spring Batch saves with the check, so {@code status}
	 * shows it after the process is gone; and tells {@code run --json}. A check whose batch read failed keeps the
	 * batches last read.
	 */
	private void record(ExecutionContext context, ProjectMetrics metrics, WorkBatchMonitor.Summary batches) {
		long now = this.clock.millis();
		Double perSecond = rate(context, metrics, now);
		Long eta = (perSecond != null) ? left(metrics, perSecond).toSeconds() : null;
		AnnotationProgress.WorkBatches workBatches = (batches != null) ? batches.recorded()
				: AnnotationProgress.of(context).map(AnnotationProgress::workBatches).orElse(null);
		double percent = Math.floor(metrics.percent() * 10) / 10;
		Double rate = (perSecond != null) ? Math.round(perSecond * 1000) / 1000.0 : null;
		new AnnotationProgress(Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.MILLIS).toString(),
				metrics.projectUid(), metrics.completedTasks(), metrics.totalTasks(), percent, rate, eta, workBatches)
			.store(context);
		if (this.events.enabled()) {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("phase", "wait");
			fields.put("done", metrics.completedTasks());
			fields.put("total", metrics.totalTasks());
			fields.put("bytes", null);
			fields.put("bytesTotal", null);
			fields.put("percent", percent);
			fields.put("rate", rate);
			fields.put("bytesPerSecond", null);
			fields.put("etaSeconds", eta);
			fields.put("workBatches", (workBatches != null) ? Map.of("total", workBatches.total(), "completed",
					workBatches.completed(), "inProgress", workBatches.inProgress()) : null);
			this.events.emit(RunEventType.PROGRESS, fields);
		}
	}

}
