package ai.avala.pipeline.lifecycle;

import ai.avala.pipeline.webhook.WebhookSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Deletes the run's webhook subscription when the run has completed: nothing waits on it any more, and a
 * subscription left behind by every nightly run would multiply each event's deliveries. A failed or stopped
 * run keeps it, because its restart waits on it again. Deleting is best effort: a failure is one WARN line
 * naming the subscription, never a failed run.
 */
final class WebhookUnsubscriber implements JobExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(WebhookUnsubscriber.class);

	private final WebhookSubscriber webhooks;

	WebhookUnsubscriber(WebhookSubscriber webhooks) {
		this.webhooks = webhooks;
	}

	@Override
	public void afterJob(JobExecution execution) {
		String uid = RunState.read(execution).webhook().uid();
		if (execution.getStatus() != BatchStatus.COMPLETED || uid == null) {
			return;
		}
		try {
			this.webhooks.delete(uid);
			log.info("Deleted webhook subscription {}: the run no longer waits on it", uid);
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete webhook subscription {} ({}); delete it with DELETE /webhooks/{}/", uid,
					ex.getMessage(), uid);
		}
	}

}
