package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.util.List;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunRecord;
import ai.avala.pipeline.preflight.PreflightReport;
import ai.avala.pipeline.preflight.PreflightSubject;
import ai.avala.pipeline.preflight.RunProgress;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run --dry-run}: what the run would create and where it would start, then the preflight checks. Sends
 * only the preflight's reads; takes no lease and starts no execution, so it may be used while the run is live.
 */
final class DryRun {

	private static final List<String> STEPS = List.of(AnnotationLifecycleJobConfiguration.VALIDATE_MANIFEST,
			AnnotationLifecycleJobConfiguration.CREATE_DATASET, AnnotationLifecycleJobConfiguration.UPLOAD_FILES,
			AnnotationLifecycleJobConfiguration.CLONE_TEMPLATE, AnnotationLifecycleJobConfiguration.APPROVE_PROJECT,
			AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION, AnnotationLifecycleJobConfiguration.EXPORT_RESULTS);

	private final ConfigurableApplicationContext context;

	private final PrintStream out;

	private final PrintStream err;

	DryRun(ConfigurableApplicationContext context, PrintStream out, PrintStream err) {
		this.context = context;
		this.out = out;
		this.err = err;
	}

	int print(JobParameters parameters) {
		JobRepository repository = this.context.getBean(JobRepository.class);
		JobExecution last = repository.getLastJobExecution(AnnotationLifecycleJobConfiguration.JOB_NAME, parameters);
		String run = RunLauncher.describe(parameters);
		if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
			this.out.println("Dry run: run " + run + " already completed (execution " + last.getId()
					+ "); 'run' would do nothing.");
			return ExitCode.COMPLETED.code();
		}
		PreflightSubject subject = RunPreflight.subject(repository, parameters, last, true);
		PreflightReport report = RunPreflight.check(this.context, subject, true);
		this.out.println("Dry run of " + run + ": " + start(last, subject.progress()));
		if (subject.definition() != null) {
			plan(subject, report);
		}
		this.out.println("Preflight:");
		report.print(this.out, "  ");
		this.out.println("Nothing was created, uploaded or recorded (dry run).");
		if (!report.passed()) {
			report.failures().forEach((failure) -> failure.problems().forEach(this.err::println));
			this.err.println("avala-pipeline: the run would be refused: " + report.failures().size() + " problem(s): "
					+ report.failureLine());
		}
		return PreflightRefusedException.exitCode(report).code();
	}

	private static String start(JobExecution last, RunProgress progress) {
		if (last == null) {
			return "a new run";
		}
		String next = STEPS.stream().filter((step) -> !progress.done(step)).findFirst().orElse("-");
		return "resumes execution " + last.getId() + " (" + last.getStatus() + ") at step " + next;
	}

	private void plan(PreflightSubject subject, PreflightReport report) {
		JobDefinition definition = subject.definition();
		RunRecord record = subject.progress().record();
		String name = subject.resourceName();
		String files = report.manifest()
			.map((manifest) -> manifest.entries() + " files, " + manifest.totalBytes() + " bytes")
			.orElse("files: see the manifest check");
		this.out.println("  dataset   " + name + " (" + definition.dataType() + "): " + files + " from "
				+ definition.manifest() + ", upload.flow " + definition.values().get("upload.flow")
				+ existing(record.dataset()));
		this.out.println("  project   " + name + ", cloned from template " + definition.templateProjectUid()
				+ report.templateTaskType().map((type) -> " (task type " + type + ")").orElse("")
				+ existing(record.project()));
		this.out.println("  export    " + definition.exportFormat() + ", to "
				+ definition.exportDirectory().resolve(name + ".zip") + " (the extension the download names, if "
				+ "another)" + existing(record.export()));
		this.out.println("  steps     " + String.join(" -> ", STEPS.stream()
			.map((step) -> subject.progress().done(step) ? step + " (done)" : step)
			.toList()));
	}

	private static String existing(RunRecord.Remote remote) {
		return (remote.uid() != null) ? "; exists: " + remote.uid() : "";
	}

}
