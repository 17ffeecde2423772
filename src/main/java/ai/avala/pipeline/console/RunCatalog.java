package ai.avala.pipeline.console;

import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.lease.RunLeases;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.progress.ProgressSamples;
import ai.avala.pipeline.progress.ProgressSamples.Sample;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunViews;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

/**
 * What the console shows of the runs: the job repository's runs as {@link RunView}s (the same views as reports,
 * {@code history} and {@code status --json}), with the progress samples and whether a live process holds each
 * run (its lease). Reads only.
 */
final class RunCatalog {

	/** Runs the grid shows at most (all jobs together), newest first. */
	static final int GRID_LIMIT = 100;

	private final JobRepository repository;

	private final RunViews views;

	private final ProgressSamples samples;

	private final RunLeases leases;

	RunCatalog(JobRepository repository, RunViews views, ProgressSamples samples, RunLeases leases) {
		this.repository = repository;
		this.views = views;
		this.samples = samples;
		this.leases = leases;
	}

	List<RunView> recent() {
		return this.repository.getJobInstances(AnnotationLifecycleJobConfiguration.JOB_NAME, 0, GRID_LIMIT)
			.stream()
			.map(this.views::of)
			.toList();
	}

	Optional<RunDetail> run(long instanceId) {
		JobInstance instance = this.repository.getJobInstance(instanceId);
		if (instance == null) {
			return Optional.empty();
		}
		JobExecution last = this.repository.getLastJobExecution(instance);
		if (last == null) {
			return Optional.empty();
		}
		return Optional.of(new RunDetail(this.views.of(instance), last, this.samples.of(instanceId), process(last)));
	}

	/** {@code live}, {@code dead} (left running by a process that is gone) or {@code not running}. */
	String process(JobExecution last) {
		String key = last.getJobParameters().getString(RunParameters.NAME) + " "
				+ RunParameters.runDate(last.getJobParameters());
		var holder = this.leases.holder(key);
		if (holder.isPresent() && holder.get().live()) {
			return "live";
		}
		return last.isRunning() ? "dead" : "not running";
	}

	/**
	 * One run with everything its page shows.
	 *
	 * @param last its last execution
	 * @param samples its annotation progress, oldest first
	 * @param process {@code live}, {@code dead} or {@code not running}
	 */
	record RunDetail(RunView view, JobExecution last, List<Sample> samples, String process) {

		boolean running() {
			return this.last.isRunning() && "live".equals(this.process);
		}

		String jobFile() {
			return this.last.getJobParameters().getString(RunParameters.JOB_FILE);
		}

	}

}
