package ai.avala.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import ai.avala.pipeline.client.WakeableSleeper;
import ai.avala.pipeline.events.RunEvents;
import ai.avala.pipeline.events.RunOutcome;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.ManifestInvalidException;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.lifecycle.RunState;
import ai.avala.pipeline.lease.RunLease;
import ai.avala.pipeline.metrics.CallLedger;
import ai.avala.pipeline.metrics.CallScope;
import ai.avala.pipeline.lease.RunLeases;
import ai.avala.pipeline.preflight.Check;
import ai.avala.pipeline.preflight.PreflightReport;
import ai.avala.pipeline.report.RunReports;
import ai.avala.pipeline.upload.FileDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts or resumes one run under its lease ({@link RunLeases}), recovers an execution a dead process left
 * STARTED, turns SIGTERM/SIGINT into a graceful stop of this process's own execution, and reports the outcome
 * in one line with its exit code.
 */
final class RunLauncher {

	private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

	private final ConfigurableApplicationContext context;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final RunLeases leases;

	private final PrintStream out;

	private final PrintStream err;

	private final boolean handleSignals;

	private final Set<Long> launched;

	RunLauncher(ConfigurableApplicationContext context, PrintStream out, PrintStream err) {
		this(context, out, err, true, ConcurrentHashMap.newKeySet());
	}

	/**
	 * With {@code handleSignals} false the caller owns SIGTERM/SIGINT: the scheduler runs several launchers at once
	 * and must also shut Quartz down, so a launcher must not replace its handler.
	 * @param launched where the ids of the executions this process is running are kept while they run
	 */
	RunLauncher(ConfigurableApplicationContext context, PrintStream out, PrintStream err, boolean handleSignals,
			Set<Long> launched) {
		this.context = context;
		this.jobOperator = context.getBean(JobOperator.class);
		this.jobRepository = context.getBean(JobRepository.class);
		this.leases = context.getBean(RunLeases.class);
		this.out = out;
		this.err = err;
		this.handleSignals = handleSignals;
		this.launched = launched;
	}

	/** {@code run}: starts the run, or resumes it if it failed or stopped. */
	int start(JobParameters parameters) throws Exception {
		return toldIfRefused(parameters, () -> underLease(parameters, (run) -> {
			JobExecution last = this.jobRepository.getLastJobExecution(AnnotationLifecycleJobConfiguration.JOB_NAME,
					parameters);
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				return alreadyCompleted(last);
			}
			refuseIfAbandoned(last);
			refuseIfDefinitionChanged(last, parameters);
			List<String> warnings = preflight(parameters, last);
			recoverIfOrphaned(last);
			if (last != null) {
				this.out.println("Resuming run " + describe(parameters) + " (instance "
						+ last.getJobInstance().getInstanceId() + ") from its last execution " + last.getId() + ", at step "
						+ resumeStep(last) + "; the steps before it completed and are skipped");
			}
			return launch(run, parameters, warnings);
		}));
	}

	/** {@code restart <id>}: resumes the run of that execution. */
	int restart(long executionId) throws Exception {
		JobExecution execution;
		try {
			execution = Executions.find(this.jobRepository, executionId);
		}
		catch (RuntimeException ex) {
			finished(RunResults.notStarted(null, ex));
			throw ex;
		}
		return toldIfRefused(execution.getJobParameters(), () -> underLease(execution.getJobParameters(), (run) -> {
			JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
			if (last.getStatus() == BatchStatus.COMPLETED) {
				return alreadyCompleted(last);
			}
			refuseIfAbandoned(last);
			refuseIfDefinitionChanged(last, last.getJobParameters());
			List<String> warnings = preflight(last.getJobParameters(), last);
			recoverIfOrphaned(last);
			// Starting the same identifying parameters again resumes the instance, as JobOperator.restart would;
			// through start, the job launched is this run's tracked one.
			return launch(run, last.getJobParameters(), warnings);
		}));
	}

	/**
	 * A run refused before its job started (a held lease, the preflight, a changed definition) still has a result
	 * for {@code run --json} and the alerts; the command prints its line as for any failure.
	 */
	private int toldIfRefused(JobParameters parameters, Callable<Integer> work) throws Exception {
		try {
			return work.call();
		}
		catch (Exception ex) {
			finished(RunResults.notStarted(parameters, ex));
			throw ex;
		}
	}

	private void finished(RunOutcome outcome) {
		new RunResults(this.context, this.err).finished(outcome);
	}

	private int alreadyCompleted(JobExecution last) {
		this.out.println("Run " + describe(last.getJobParameters()) + " already completed (execution "
				+ last.getId() + "); nothing to do. Use another runDate for a new run.");
		finished(RunResults.alreadyCompleted(last));
		return ExitCode.COMPLETED.code();
	}

	private static void refuseIfAbandoned(JobExecution last) {
		if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
			throw new UsageException("run " + describe(last.getJobParameters()) + " was abandoned (execution "
					+ last.getId() + ") and is not resumed; start a new run with another runDate");
		}
	}

	/**
	 * Refuses, before anything runs, a restart whose job file or overrides change a key that shapes what the run
	 * creates (the job would refuse it too, but only after starting an execution).
	 */
	private static void refuseIfDefinitionChanged(JobExecution last, JobParameters parameters) {
		Map<String, String> frozen = (last != null) ? RunState.read(last).definition() : null;
		if (frozen != null) {
			RunParameters.definition(parameters, frozen);
		}
	}

	/**
	 * The checks before any side effect, here rather than as a first step: a refused preflight starts no execution,
	 * so the definition is not frozen and the fixed job file runs as a new start; old instances restart with the
	 * same steps; and a resumed run is checked only for what its remaining steps need (see RunProgress). The
	 * manifest's declared checksums are left to the validateManifest step, which reads the files anyway.
	 */
	private List<String> preflight(JobParameters parameters, JobExecution last) {
		PreflightReport report = RunPreflight.check(this.context,
				RunPreflight.subject(this.jobRepository, parameters, last, false), true);
		RunPreflight.refuseUnlessPassed(report, describe(parameters), this.out, this.err);
		List<String> warnings = report.checks()
			.stream()
			.filter((check) -> check.outcome() == Check.Outcome.WARNING)
			.map((check) -> "preflight " + check.name() + ": " + check.detail())
			.toList();
		RunEvents events = this.context.getBean(RunEvents.class);
		warnings.forEach((warning) -> events.warning("preflight", warning));
		return warnings;
	}

	/**
	 * Runs the work holding the run's lease; another live process holding it ends the command with
	 * {@link ai.avala.pipeline.lease.LeaseHeldException} (exit 9). If the lease is lost meanwhile, this process's
	 * execution is stopped, restartably.
	 */
	private int underLease(JobParameters parameters, LeasedWork work) throws Exception {
		WakeableSleeper sleeper = this.context.getBean(WakeableSleeper.class);
		OwnRun run = new OwnRun(this.jobOperator, this.jobRepository, sleeper::wakeAll, this.launched,
				(id) -> this.out.println("Run " + describe(parameters) + ": execution " + id
						+ " started ('status " + id + "' shows it, 'stop " + id + "' stops it)"));
		// The run's call ledger from here: the preflight's reads count in the report with the execution's calls.
		try (RunLease lease = this.leases.acquire(describe(parameters), run::stop);
				CallScope.Binding calls = CallScope.open(new CallLedger())) {
			return work.run(run);
		}
	}

	/** The step a resumed run starts at: the first the last execution did not complete. */
	private static String resumeStep(JobExecution last) {
		return last.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus() != BatchStatus.COMPLETED)
			.map(StepExecution::getStepName)
			.findFirst()
			.orElse("the next one");
	}

	/** An execution still marked running while we hold its run's lease was left by a process that died. */
	private void recoverIfOrphaned(JobExecution last) {
		if (last != null && last.isRunning()) {
			this.out.println("Execution " + last.getId() + " was left " + last.getStatus()
					+ " by a process that died; recovering it and resuming from the step that was running");
			this.jobOperator.recover(last);
		}
	}

	private int launch(OwnRun run, JobParameters parameters, List<String> warnings) throws Exception {
		if (this.handleSignals) {
			installStopHandlers(run);
		}
		FileDigest.warmUpInBackground();
		Job job = this.context.getBean(Job.class);
		return report(this.jobOperator.start(run.track(job), parameters), warnings);
	}

	private int report(JobExecution execution, List<String> warnings) {
		ExitCode code = FailureClassifier.exitCode(execution);
		String where = "execution " + execution.getId();
		String failure = null;
		switch (code) {
			case COMPLETED -> this.out.println("Run " + describe(execution.getJobParameters()) + " completed ("
					+ where + ")" + exportNote(execution));
			case STOPPED -> {
				failure = "run stopped " + stoppedWhere(execution) + " (" + where
						+ "); run the same command again, or 'restart " + execution.getId() + "', to resume";
				this.err.println("avala-pipeline: " + failure);
			}
			default -> failure = reportFailure(execution, code, where);
		}
		Path report = writeReport(execution, code, failure, warnings);
		RunState.read(execution).failedExports().forEach((uid) -> this.context.getBean(RunEvents.class)
			.warning("export", "export " + uid + " failed on the Avala side; the run created another"));
		finished(RunResults.ended(execution, code.code(), report, failure));
		return code.code();
	}

	/**
	 * The run report; a report that cannot be written is told, but does not change how the run ended.
	 * @return the JSON report's absolute path, or null when it could not be written
	 */
	private Path writeReport(JobExecution execution, ExitCode code, String failure, List<String> warnings) {
		try {
			Path written = this.context.getBean(RunReports.class).write(execution, code.code(), failure, warnings)
				.toAbsolutePath()
				.normalize();
			this.out.println("Report: " + written);
			return written;
		}
		catch (IOException | RuntimeException ex) {
			this.err.println("avala-pipeline: could not write the run report (the run's outcome stands): "
					+ ex.getMessage());
			return null;
		}
	}

	private static String stoppedWhere(JobExecution execution) {
		String step = FailureClassifier.failedStep(execution);
		return (step != null) ? "at step " + step : "before its first step";
	}

	/** Prints the failure's line and returns it without the program's prefix. */
	private String reportFailure(JobExecution execution, ExitCode code, String where) {
		Throwable failure = FailureClassifier.failure(execution);
		if (failure instanceof ManifestInvalidException invalid) {
			invalid.problems().forEach(this.err::println);
		}
		String step = FailureClassifier.failedStep(execution);
		String message = (failure != null) ? FailureClassifier.message(failure) : execution.getExitStatus().getExitDescription();
		if (failure != null && !FailureClassifier.expected(failure)) {
			log.error("Unexpected failure in step {} ({})", step, where, failure);
		}
		String hint = (failure != null) ? FailureClassifier.hint(failure) : null;
		String resume = (code == ExitCode.FAILED || code == ExitCode.TIMED_OUT)
				? "; run the same command again, or 'restart " + execution.getId() + "', to resume from that step" : "";
		String line = "step " + step + " failed (" + where + "): " + message + ((hint != null) ? "; " + hint : "")
				+ resume;
		this.err.println("avala-pipeline: " + line);
		return line;
	}

	private static String exportNote(JobExecution execution) {
		String file = RunState.read(execution).exportFile();
		return (file != null) ? "; export: " + file : "";
	}

	/**
	 * SIGTERM and Ctrl-C ask this process's execution, and no other, to stop at its next safe point (a chunk
	 * boundary, or between two checks of a wait, which the wake-up cuts short); it then ends STOPPED and the
	 * command exits 7.
	 */
	private void installStopHandlers(OwnRun run) {
		SignalHandler handler = (signal) -> {
			this.err.println("avala-pipeline: stop requested (SIG" + signal.getName() + "); stopping at the next safe point");
			try {
				run.stop();
			}
			catch (RuntimeException ex) {
				this.err.println("avala-pipeline: could not record the stop request: " + ex.getMessage());
			}
		};
		Signal.handle(new Signal("TERM"), handler);
		Signal.handle(new Signal("INT"), handler);
	}

	static String describe(JobParameters parameters) {
		return parameters.getString(RunParameters.NAME) + " " + RunParameters.runDate(parameters);
	}

	@FunctionalInterface
	interface LeasedWork {

		int run(OwnRun run) throws Exception;

	}

}
