package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import ai.avala.pipeline.alerts.Alerts;
import ai.avala.pipeline.events.RunEvents;
import ai.avala.pipeline.events.RunOutcome;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.lifecycle.RunState;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tells a run's result to whoever listens once it is known: the {@code run.finished} event of {@code --json} and the
 * alerts. An alert that cannot be delivered is one line on stderr and never changes the result.
 */
final class RunResults {

	private final RunEvents events;

	private final Alerts alerts;

	private final PrintStream err;

	private final MeterRegistry meters;

	RunResults(ConfigurableApplicationContext context, PrintStream err) {
		this.events = context.getBean(RunEvents.class);
		this.alerts = context.getBean(Alerts.class);
		this.meters = context.getBeanProvider(MeterRegistry.class).getIfAvailable();
		this.err = err;
	}

	void finished(RunOutcome outcome) {
		this.events.finished(outcome);
		count(outcome);
		for (String problem : this.alerts.send(outcome)) {
			this.err.println("avala-pipeline: alert not delivered (the run's outcome stands): " + problem);
		}
	}

	/** An execution that ended, with the command's exit code, its report (null if none) and failure line. */
	static RunOutcome ended(JobExecution execution, int exitCode, Path report, String failure) {
		return new RunOutcome(name(execution.getJobParameters()), RunParameters.runDate(execution.getJobParameters()),
				execution.getId(), execution.getStatus().name(), exitCode, false, RunState.read(execution).exportFile(),
				(report != null) ? report.toString() : null, failure);
	}

	/** A run that had completed before: nothing ran. */
	static RunOutcome alreadyCompleted(JobExecution last) {
		return new RunOutcome(name(last.getJobParameters()), RunParameters.runDate(last.getJobParameters()),
				last.getId(), last.getStatus().name(), ExitCode.COMPLETED.code(), true, RunState.read(last).exportFile(),
				null, null);
	}

	/** A run refused before its job started; {@code parameters} null when not even the run is known. */
	static RunOutcome notStarted(JobParameters parameters, Exception ex) {
		return new RunOutcome((parameters != null) ? name(parameters) : null,
				(parameters != null) ? RunParameters.runDate(parameters) : null, null, RunOutcome.NOT_STARTED,
				FailureClassifier.exitCode(ex).code(), false, null, null, PipelineCommandLine.failureLine(ex));
	}

	/**
	 * {@code avala_runs_total{job, outcome, exit_code}}: every run this process ended, refused ones too. Spring Batch's
	 * own job timer never sees a run the preflight refused (no execution starts), so a failure alert on it alone
	 * would stay silent on a night whose template was deleted.
	 */
	private void count(RunOutcome outcome) {
		if (this.meters == null) {
			return;
		}
		this.meters.counter("avala.runs", "job", (outcome.name() != null) ? outcome.name() : "unknown", "outcome",
				outcome(outcome), "exit_code", Integer.toString(outcome.exitCode())).increment();
	}

	/** completed, already_completed, refused (no execution started), busy, or the execution's status lower-cased. */
	static String outcome(RunOutcome outcome) {
		if (outcome.alreadyCompleted()) {
			return "already_completed";
		}
		if (outcome.exitCode() == ExitCode.BUSY.code()) {
			return "busy";
		}
		if (RunOutcome.NOT_STARTED.equals(outcome.status())) {
			return "refused";
		}
		return outcome.status().toLowerCase(Locale.ROOT);
	}

	private static String name(JobParameters parameters) {
		return parameters.getString(RunParameters.NAME);
	}

}
