package ai.avala.pipeline.console;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.progress.ProgressSamples;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The run gauges of {@code /actuator/prometheus}, read from the job repository just before each scrape (runs of
 * other processes count too, so a console next to cron-launched runs sees them): {@code avala_annotation_progress}
 * (completed of all tasks, 0..1, per running run, from the wait's progress samples) and
 * {@code avala_run_last_success_timestamp_seconds} (per job, when its newest completed run ended: alert on its age).
 */
final class ConsoleMetrics {

	/** Runs looked at per scrape, newest first. */
	private static final int RUNS = 500;

	private final JobRepository repository;

	private final ProgressSamples samples;

	private final MultiGauge progress;

	private final MultiGauge lastSuccess;

	ConsoleMetrics(JobRepository repository, ProgressSamples samples, MeterRegistry registry) {
		this.repository = repository;
		this.samples = samples;
		this.progress = MultiGauge.builder("avala.annotation.progress")
			.description("Completed of all annotation tasks (0..1) of each running run, from its wait's last check")
			.register(registry);
		this.lastSuccess = MultiGauge.builder("avala.run.last.success.timestamp")
			.description("When each job's newest completed run ended (epoch seconds)")
			.baseUnit("seconds")
			.register(registry);
	}

	synchronized void refresh() {
		List<MultiGauge.Row<?>> progressRows = new ArrayList<>();
		Map<String, Double> newestSuccess = new HashMap<>();
		for (JobInstance instance : this.repository.getJobInstances(AnnotationLifecycleJobConfiguration.JOB_NAME, 0, RUNS)) {
			JobExecution last = this.repository.getLastJobExecution(instance);
			if (last == null) {
				continue;
			}
			String job = last.getJobParameters().getString(RunParameters.NAME);
			if (last.isRunning()) {
				this.samples.latest(instance.getInstanceId())
					.ifPresent((sample) -> progressRows.add(MultiGauge.Row.of(
							Tags.of("job", job, "run_date", RunParameters.runDate(last.getJobParameters())),
							sample.ratio())));
			}
			if (last.getStatus() == BatchStatus.COMPLETED && last.getEndTime() != null) {
				double ended = last.getEndTime().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0;
				newestSuccess.merge(job, ended, Math::max);
			}
		}
		this.progress.register(progressRows, true);
		List<MultiGauge.Row<?>> successRows = new ArrayList<>();
		newestSuccess.forEach((job, ended) -> successRows.add(MultiGauge.Row.of(Tags.of("job", job), ended)));
		this.lastSuccess.register(successRows, true);
	}

}
