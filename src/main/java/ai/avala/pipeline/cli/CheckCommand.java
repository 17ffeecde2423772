package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import ai.avala.pipeline.definition.JobDefinitionException;
import ai.avala.pipeline.definition.JobDefinitionLoader;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.preflight.PreflightReport;
import ai.avala.pipeline.preflight.PreflightSubject;
import ai.avala.pipeline.preflight.RunProgress;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code check <job-file> [key=value ...]}: the preflight of a run on its own, with every problem found in one
 * pass, one line per check, then a summary. Sends reads only. Exit 0 when every check passed, else the exit code
 * of the worst problem (2 no key, 3 bad input, 4 refused, 5 API unreachable).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
		description = { "Check a run before running it: job file, manifest, export folder, API key, plan, template "
				+ "and its task type, read scopes. Reads only; every problem is reported in one pass." })
class CheckCommand implements Callable<Integer> {

	@ParentCommand
	PipelineCommandLine cli;

	@Parameters(index = "0", paramLabel = "<job-file>", description = "The job definition (YAML), e.g. jobs/demo.yml")
	Path jobFile;

	@Parameters(index = "1..*", paramLabel = "key=value", description = "Job parameters, as for 'run'")
	List<String> parameters = new ArrayList<>();

	@Mixin
	SandboxOptions sandboxOptions = new SandboxOptions();

	@Override
	public Integer call() throws Exception {
		Map<String, String> overrides = RunCommand.keyValues(this.parameters);
		LocalDate runDate = RunCommand.runDate(overrides.remove(RunParameters.RUN_DATE));
		try (AvalaSandbox sandbox = this.sandboxOptions.start(this.cli)) {
			if (sandbox != null) {
				overrides.putIfAbsent("templateProjectUid", sandbox.templateProjectUid());
			}
			Map<String, Object> properties = this.cli.apiProperties();
			if (sandbox != null) {
				properties.put("avala.base-url", sandbox.baseUrl());
				properties.put("avala.api-key", sandbox.apiKey());
			}
			try (ConfigurableApplicationContext context = PipelineContext.start(properties)) {
				PreflightSubject subject = subject(context.getBean(JobRepository.class), overrides, runDate);
				PreflightReport report = RunPreflight.check(context, subject, properties.containsKey("avala.api-key"));
				report.print(this.cli.out, "");
				if (!report.passed()) {
					this.cli.err.println("avala-pipeline: check found " + report.failures().size() + " problem(s): "
							+ report.failureLine());
				}
				return PreflightRefusedException.exitCode(report).code();
			}
		}
	}

	/** The run as 'run' would see it: resumed with its frozen definition if it has started, else the job file. */
	private PreflightSubject subject(JobRepository repository, Map<String, String> overrides, LocalDate runDate) {
		String name;
		try {
			name = JobDefinitionLoader.load(this.jobFile, overrides).name();
		}
		catch (JobDefinitionException ex) {
			return new PreflightSubject(this.jobFile, null, ex.getMessage(), runDate.toString(), RunProgress.fresh(),
					true);
		}
		JobParameters parameters = RunParameters.of(this.jobFile, name, runDate, overrides);
		JobExecution last = repository.getLastJobExecution(AnnotationLifecycleJobConfiguration.JOB_NAME, parameters);
		if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
			// 'run' would do nothing, so comparing the job file with that run's frozen definition would refuse a file
			// the user is preparing for the next date. Check it as a new run of the job file.
			this.cli.out.println("Run " + name + " " + runDate + " already completed (execution " + last.getId()
					+ "): 'run' would do nothing for this runDate; checking the job file as a new run");
			return RunPreflight.subject(repository, parameters, null, true);
		}
		return RunPreflight.subject(repository, parameters, last, true);
	}

}
