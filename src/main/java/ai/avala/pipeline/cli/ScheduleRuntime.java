package ai.avala.pipeline.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.schedule.BatchRunStopper;
import ai.avala.pipeline.schedule.EarlierRuns;
import ai.avala.pipeline.schedule.JobRunLauncher;
import ai.avala.pipeline.schedule.RunStopper;
import ai.avala.pipeline.schedule.ScheduleDefinition;
import ai.avala.pipeline.schedule.ScheduleFires;
import ai.avala.pipeline.schedule.ScheduledRunLauncher;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the schedule commands run in: the Spring context, and with {@code --sandbox} the embedded sandbox the runs
 * talk to. Runs go through {@link RunLauncher}, the same code as the {@code run} command.
 */
final class ScheduleRuntime implements AutoCloseable {

	private static final String TEMPLATE = "templateProjectUid";

	private final PipelineCommandLine cli;

	private final AvalaSandbox sandbox;

	private final ConfigurableApplicationContext context;

	/** The executions this process is running: the only ones its stop may touch. */
	private final Set<Long> launched = ConcurrentHashMap.newKeySet();

	private ScheduleRuntime(PipelineCommandLine cli, AvalaSandbox sandbox, ConfigurableApplicationContext context) {
		this.cli = cli;
		this.sandbox = sandbox;
		this.context = context;
	}

	static ScheduleRuntime start(PipelineCommandLine cli, SandboxOptions sandbox, Map<String, Object> settings) {
		Map<String, Object> properties = cli.apiProperties();
		properties.putAll(settings);
		AvalaSandbox box = sandbox.start(cli);
		try {
			if (box != null) {
				properties.put("avala.base-url", box.baseUrl());
				properties.put("avala.api-key", box.apiKey());
			}
			if (!properties.containsKey("avala.api-key")) {
				throw new UsageException("AVALA_API_KEY is not set; export it with your Avala API key "
						+ "(or add --sandbox to run against the embedded sandbox)");
			}
			return new ScheduleRuntime(cli, box, PipelineContext.start(properties));
		}
		catch (RuntimeException ex) {
			if (box != null) {
				box.close();
			}
			throw ex;
		}
	}

	/** The schedules as they run here: under --sandbox with the sandbox's template unless a schedule names one. */
	List<ScheduleDefinition> adapt(List<ScheduleDefinition> schedules) {
		if (this.sandbox == null) {
			return schedules;
		}
		return schedules.stream().map((s) -> s.withDefaultParameter(TEMPLATE, this.sandbox.templateProjectUid())).toList();
	}

	/** @param handleSignals false when the caller (the scheduler) owns SIGTERM/SIGINT */
	ScheduledRunLauncher launcher(boolean handleSignals) {
		RunLauncher launcher = new RunLauncher(this.context, this.cli.out, this.cli.err, handleSignals, this.launched);
		return new JobRunLauncher(new EarlierRuns(bean(JobRepository.class)), launcher::start);
	}

	/** Where each fire's outcome is recorded for the console; a refusal with the exit code and line 'run' gives it. */
	ScheduleFires fires() {
		return new ScheduleFires(bean(JdbcTemplate.class), (ex) -> FailureClassifier.exitCode(ex).code(),
				PipelineCommandLine::failureLine);
	}

	RunStopper stopper() {
		WakeableSleeper sleeper = bean(WakeableSleeper.class);
		return new BatchRunStopper(bean(JobRepository.class), bean(JobOperator.class), () -> Set.copyOf(this.launched),
				sleeper::wakeAll);
	}

	/** The executions this process runs (the console's restarts join them, so a stop of the scheduler stops them too). */
	Set<Long> launched() {
		return this.launched;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
		if (this.sandbox != null) {
			this.sandbox.close();
		}
	}

}
