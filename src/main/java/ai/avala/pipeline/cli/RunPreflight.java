package ai.avala.pipeline.cli;

import java.io.PrintStream;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.JobDefinitionException;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.lifecycle.RunState;
import ai.avala.pipeline.preflight.Preflight;
import ai.avala.pipeline.preflight.PreflightReport;
import ai.avala.pipeline.preflight.PreflightSubject;
import ai.avala.pipeline.preflight.RunProgress;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The preflight of one run as the commands use it ({@code run}, {@code restart}, a schedule's fire, {@code check},
 * {@code run --dry-run}): the definition the run would use (frozen for a run that has started), how far the run
 * has come, and the checks.
 */
final class RunPreflight {

	private RunPreflight() {
	}

	/**
	 * What to check for the run of {@code parameters} whose last execution is {@code last} (null for a new run).
	 * A job file that cannot be read becomes the failure of the job-file check.
	 */
	static PreflightSubject subject(JobRepository repository, JobParameters parameters, JobExecution last,
			boolean verifyChecksums) {
		RunProgress progress = RunProgress.of(repository, last);
		JobDefinition definition = null;
		String problem = null;
		try {
			definition = RunParameters.definition(parameters, (last != null) ? RunState.read(last).definition() : null);
		}
		catch (JobDefinitionException ex) {
			problem = ex.getMessage();
		}
		return new PreflightSubject(RunParameters.jobFile(parameters), definition, problem,
				RunParameters.runDate(parameters), progress, verifyChecksums);
	}

	static PreflightReport check(ConfigurableApplicationContext context, PreflightSubject subject, boolean hasKey) {
		return new Preflight(hasKey ? context.getBean(AvalaClient.class) : null).check(subject);
	}

	/** The run's preflight: prints the checks; when one failed, its problems on stderr, and refuses the run. */
	static void refuseUnlessPassed(PreflightReport report, String run, PrintStream out, PrintStream err) {
		out.println("Preflight of run " + run + ":");
		report.print(out, "  ");
		if (!report.passed()) {
			report.failures().forEach((failure) -> failure.problems().forEach(err::println));
			throw new PreflightRefusedException(run, report);
		}
	}

}
