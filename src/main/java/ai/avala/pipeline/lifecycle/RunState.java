package ai.avala.pipeline.lifecycle;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

import ai.avala.pipeline.lifecycle.RunRecord.Remote;
import ai.avala.pipeline.lifecycle.RunRecord.Resource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads and writes the run's {@link RunRecord}: one JSON value under one key of the job's execution context,
 * written to the job repository the moment it changes, in a transaction of its own, so a crash on the next
 * instruction cannot lose it. A restart gets the context back from the last execution. The only class that
 * touches the record's storage.
 */
@Component
public class RunState {

	/** The execution-context key of the record. */
	static final String KEY = "avala.run";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JobRepository jobRepository;

	private final TransactionTemplate ownTransaction;

	public RunState(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		this.jobRepository = jobRepository;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	public static RunRecord read(JobExecution job) {
		return read(job.getExecutionContext());
	}

	public RunRecord read(StepExecution step) {
		return read(step.getJobExecution());
	}

	/** Changes the record and makes the change durable before returning it. */
	public RunRecord update(StepExecution step, UnaryOperator<RunRecord> change) {
		return update(step.getJobExecution(), change);
	}

	public RunRecord update(JobExecution job, UnaryOperator<RunRecord> change) {
		synchronized (job) {
			RunRecord changed = change.apply(read(job));
			write(job.getExecutionContext(), changed);
			this.ownTransaction.executeWithoutResult((status) -> this.jobRepository.updateExecutionContext(job));
			return changed;
		}
	}

	static RunRecord read(ExecutionContext context) {
		if (context.containsKey(KEY)) {
			return JSON.readValue(context.getString(KEY), RunRecord.class);
		}
		return LegacyKeys.read(context);
	}

	/** Puts the record into a context (which the caller saves); also what a step test starts from. */
	static void write(ExecutionContext context, RunRecord record) {
		context.putString(KEY, JSON.writeValueAsString(record));
		LegacyKeys.remove(context);
	}

	/**
	 * The string keys that runs recorded before the record existed, read once so that such a run still resumes
	 * exactly once; they are removed the first time the record is written.
	 */
	private static final class LegacyKeys {

		private static final String[] ALL = { "avala.dataset.uid", "avala.dataset.createSent", "avala.project.uid",
				"avala.project.createSent", "avala.project.approved", "avala.export.uid", "avala.export.createSent",
				"avala.export.file", "avala.webhook.uid", "avala.webhook.createSent" };

		static RunRecord read(ExecutionContext context) {
			return RunRecord.EMPTY.with(Resource.DATASET, remote(context, "dataset"))
				.with(Resource.PROJECT, remote(context, "project"))
				.with(Resource.EXPORT, remote(context, "export"))
				.with(Resource.WEBHOOK, remote(context, "webhook"))
				.withApproval(string(context, "avala.project.approved"))
				.withExportFile(string(context, "avala.export.file"));
		}

		static void remove(ExecutionContext context) {
			for (String key : ALL) {
				context.remove(key);
			}
		}

		private static Remote remote(ExecutionContext context, String name) {
			String sent = string(context, "avala." + name + ".createSent");
			return new Remote(string(context, "avala." + name + ".uid"), (sent != null) ? instant(sent) : null);
		}

		/** The webhook's marker was {@code "true"}: a send at an unknown time, so long ago. */
		private static Instant instant(String value) {
			try {
				return Instant.parse(value);
			}
			catch (DateTimeParseException ex) {
				return Instant.EPOCH;
			}
		}

		private static String string(ExecutionContext context, String key) {
			Object value = context.get(key);
			return (value != null) ? value.toString() : null;
		}

	}

}
