package ai.avala.pipeline.lifecycle;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the run knows about the remote side (UIDs, and that a create was sent), kept in the job's execution
 * context and written to the job repository the moment it is learnt, in a transaction of its own: a crash on
 * the next instruction must not lose it. A restart gets the context back from the last execution.
 */
@Component
public class RunState {

	public static final String DATASET_UID = "avala.dataset.uid";

	public static final String DATASET_CREATE_SENT = "avala.dataset.createSent";

	public static final String PROJECT_UID = "avala.project.uid";

	public static final String PROJECT_CREATE_SENT = "avala.project.createSent";

	public static final String PROJECT_APPROVED = "avala.project.approved";

	public static final String EXPORT_UID = "avala.export.uid";

	public static final String EXPORT_CREATE_SENT = "avala.export.createSent";

	public static final String EXPORT_FILE = "avala.export.file";

	private final JobRepository jobRepository;

	private final TransactionTemplate ownTransaction;

	public RunState(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		this.jobRepository = jobRepository;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	public String get(StepExecution step, String key) {
		Object value = step.getJobExecution().getExecutionContext().get(key);
		return (value != null) ? value.toString() : null;
	}

	public boolean has(StepExecution step, String key) {
		return get(step, key) != null;
	}

	/** Records a value and makes it durable before returning. */
	public void record(StepExecution step, String key, String value) {
		JobExecution job = step.getJobExecution();
		job.getExecutionContext().putString(key, value);
		this.ownTransaction.executeWithoutResult((status) -> this.jobRepository.updateExecutionContext(job));
	}

}
