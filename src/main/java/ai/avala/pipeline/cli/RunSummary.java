package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.Project;
import ai.avala.pipeline.lease.RunLeases;
import ai.avala.pipeline.lifecycle.AnnotationProgress;
import ai.avala.pipeline.lifecycle.RunRecord;
import ai.avala.pipeline.lifecycle.RunState;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * What {@code status} says about a run besides its executions: live or dead (from the run's lease), its remote
 * UIDs (from the run's record), the project's status on the Avala side when an API key is at hand (otherwise what
 * the run recorded), and how its last execution failed, in one line.
 */
final class RunSummary {

	private final RunLeases leases;

	private final AvalaClient api;

	private final JobRepository jobRepository;

	/** Work batches listed by {@code status}; {@code status --json} has the first 20. */
	private static final int BATCHES_LISTED = 10;

	/** @param api the API client, or null without an API key (the remote status is then not asked for) */
	RunSummary(RunLeases leases, AvalaClient api, JobRepository jobRepository) {
		this.leases = leases;
		this.api = api;
		this.jobRepository = jobRepository;
	}

	/** The annotation wait's last reading, recorded with the check that made it (also for a dead or ended run). */
	Optional<AnnotationProgress> annotation(JobExecution last) {
		return AnnotationProgress.last(this.jobRepository, last.getJobInstance());
	}

	private void printAnnotation(PrintStream out, JobExecution last) {
		annotation(last).ifPresent((progress) -> {
			out.println("  annotation: " + progress.summary());
			if (progress.workBatches() != null) {
				List<AnnotationProgress.Batch> batches = progress.workBatches().batches();
				batches.stream()
					.limit(BATCHES_LISTED)
					.forEach((batch) -> out.println("    work batch " + batch.uid() + ": " + batch.status() + ", "
							+ batch.completedTasks() + "/" + batch.totalTasks() + " tasks"));
				int more = progress.workBatches().total() - Math.min(BATCHES_LISTED, batches.size());
				if (more > 0) {
					out.println("    and " + more + " more work batches ('status --json' lists 20)");
				}
			}
		});
	}

	void print(PrintStream out, JobExecution last) {
		out.println("  process:  " + liveness(last));
		RunRecord record = RunState.read(last);
		List<String> remote = new ArrayList<>();
		add(remote, "dataset", record.dataset().uid());
		if (record.project().uid() != null) {
			remote.add("project " + record.project().uid() + " (" + projectStatus(record) + ")");
		}
		add(remote, "export", record.export().uid());
		if (!remote.isEmpty()) {
			out.println("  remote:   " + String.join(", ", remote));
		}
		printAnnotation(out, last);
		if (record.exportFile() != null) {
			out.println("  export:   " + record.exportFile());
		}
		String failure = failure(last);
		if (failure != null) {
			out.println("  failure:  " + failure);
		}
	}

	String liveness(JobExecution last) {
		return process(last).detail();
	}

	/** Whether a process holds the run: {@code live}, {@code dead} (left running by a dead one) or {@code not running}. */
	Process process(JobExecution last) {
		var holder = this.leases.holder(RunLauncher.describe(last.getJobParameters()));
		if (holder.isPresent() && holder.get().live()) {
			return new Process("live", "live: held by " + holder.get().owner() + " (lease renewed until "
					+ holder.get().expiresAt() + ")");
		}
		if (last.isRunning()) {
			return new Process("dead", "dead: execution " + last.getId() + " is " + last.getStatus()
					+ " but no live process holds the run; 'run' resumes it, 'abandon " + last.getId() + "' gives it up");
		}
		return new Process("not running", "not running (" + last.getStatus() + ")");
	}

	private String projectStatus(RunRecord record) {
		return projectState(record).detail();
	}

	/** The project's status on the Avala side (null when not asked or not known), and the words status prints. */
	ProjectState projectState(RunRecord record) {
		if (this.api == null) {
			return new ProjectState(null, (record.approval() != null) ? "approved when " + record.approval()
					+ "; set AVALA_API_KEY to see its status now" : "set AVALA_API_KEY to see its status");
		}
		try {
			Project project = this.api.getProject(record.project().uid());
			return new ProjectState(project.status(), "status " + project.status() + " on the Avala side");
		}
		catch (AvalaApiException ex) {
			return new ProjectState(null, "status unknown: " + ex.getMessage());
		}
	}

	/** @param state {@code live}, {@code dead} or {@code not running} */
	record Process(String state, String detail) {
	}

	record ProjectState(String status, String detail) {
	}

	/** The first line of the failure recorded, without the exception's class name. */
	static String failure(JobExecution execution) {
		String description = execution.getExitStatus().getExitDescription();
		if (description == null || description.isBlank()) {
			return null;
		}
		int newline = description.indexOf('\n');
		String line = (newline < 0) ? description : description.substring(0, newline);
		return line.replaceFirst("^[\\w.$]+(Exception|Error): ", "").strip();
	}

	private static void add(List<String> remote, String what, String uid) {
		if (uid != null) {
			remote.add(what + " " + uid);
		}
	}

}
