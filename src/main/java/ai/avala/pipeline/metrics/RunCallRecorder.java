package ai.avala.pipeline.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each execution's {@link CallLedger} and makes its counts durable, so that the run report counts the calls
 * of every execution of a run, a restart's included. The counts live in the job execution context under
 * {@value #KEY}, as a map from execution id to {@link CallCounts}; Spring Batch hands a restarted execution the
 * context of the one before, so the map of a run's last execution holds all of them. Saved at the end of each step
 * and of the job: a process killed mid-step loses only the counts of that step.
 *
 * <p>The ledger is the one the launching thread bound (so the preflight's reads before the job count too), else a
 * new one bound here for the job's thread. A singleton shared by concurrent runs: state is per execution id.
 */
public final class RunCallRecorder implements JobExecutionListener, StepExecutionListener {

	/** The execution-context key of the counts. */
	public static final String KEY = "avala.calls";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<TreeMap<Long, CallCounts>> BY_EXECUTION = new TypeReference<>() {
	};

	private final JobRepository jobRepository;

	private final TransactionTemplate ownTransaction;

	private final Map<Long, Recording> recordings = new ConcurrentHashMap<>();

	public RunCallRecorder(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		this.jobRepository = jobRepository;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public void beforeJob(JobExecution execution) {
		CallLedger bound = CallScope.current();
		CallLedger ledger = (bound != null) ? bound : new CallLedger();
		CallScope.Binding binding = (bound != null) ? null : CallScope.open(ledger);
		this.recordings.put(execution.getId(), new Recording(ledger, binding));
	}

	@Override
	public ExitStatus afterStep(StepExecution step) {
		save(step.getJobExecution());
		return null;
	}

	@Override
	public void afterJob(JobExecution execution) {
		save(execution);
		Recording recording = this.recordings.remove(execution.getId());
		if (recording != null && recording.binding() != null) {
			recording.binding().close();
		}
	}

	private void save(JobExecution execution) {
		Recording recording = this.recordings.get(execution.getId());
		if (recording == null) {
			return;
		}
		// The run's record is written under the same lock (RunState): one context, saved whole.
		synchronized (execution) {
			Map<Long, CallCounts> counts = byExecution(execution.getExecutionContext());
			counts.put(execution.getId(), recording.ledger().snapshot());
			execution.getExecutionContext().putString(KEY, JSON.writeValueAsString(counts));
			this.ownTransaction.executeWithoutResult((status) -> this.jobRepository.updateExecutionContext(execution));
		}
	}

	/** The counts of each execution of the run up to {@code execution} (its own as last saved), oldest first. */
	public static Map<Long, CallCounts> byExecution(JobExecution execution) {
		return byExecution(execution.getExecutionContext());
	}

	private static Map<Long, CallCounts> byExecution(ExecutionContext context) {
		if (!context.containsKey(KEY)) {
			return new TreeMap<>();
		}
		return JSON.readValue(context.getString(KEY), BY_EXECUTION);
	}

	private record Recording(CallLedger ledger, CallScope.Binding binding) {
	}

}
