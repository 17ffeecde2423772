package ai.avala.pipeline.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaProperties;
import ai.avala.pipeline.lease.RunLeases;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;
import ai.avala.pipeline.progress.ProgressSamples;
import ai.avala.pipeline.report.Redactor;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunViews;
import ai.avala.pipeline.schedule.ScheduleDefinition;
import ai.avala.pipeline.schedule.ScheduleFires;
import ai.avala.pipeline.schedule.ScheduleLoader;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.Scheduler;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything the console's server draws on, taken from a command's Spring context: the runs, the operator guard,
 * the actions, Actuator's endpoints (with the console's {@code scheduler} and {@code avala} health components and its
 * run gauges registered), and the schedules folder.
 */
public final class ConsoleSite {

	private final RunCatalog catalog;

	private final ActionGuard guard;

	private final ConsoleActions actions;

	private final ActuatorEndpoints actuator;

	private final Redactor redactor;

	private final Path schedules;

	private final JobRepository repository;

	private final ScheduleFires fires;

	private ConsoleSite(RunCatalog catalog, ActionGuard guard, ConsoleActions actions, ActuatorEndpoints actuator,
			Redactor redactor, Path schedules, JobRepository repository, ScheduleFires fires) {
		this.catalog = catalog;
		this.fires = fires;
		this.guard = guard;
		this.actions = actions;
		this.actuator = actuator;
		this.redactor = redactor;
		this.schedules = schedules;
		this.repository = repository;
	}

	/**
	 * @param token the console token (from the environment), or null for a read-only console
	 * @param schedulerInProcess whether this process runs the scheduler (its health is then UP or DOWN, else UNKNOWN)
	 * @param withApiKey whether the context has an API key (the {@code avala} health check then authenticates)
	 */
	public static ConsoleSite of(ApplicationContext context, ConsoleActions actions, String token, Path schedules,
			boolean schedulerInProcess, boolean withApiKey) {
		JobRepository repository = context.getBean(JobRepository.class);
		ProgressSamples samples = context.getBean(ProgressSamples.class);
		RunCatalog catalog = new RunCatalog(repository, context.getBean(RunViews.class), samples,
				context.getBean(RunLeases.class));
		HealthContributorRegistry health = context.getBean(HealthContributorRegistry.class);
		health.registerContributor("scheduler", ConsoleHealth.scheduler(context.getBean(Scheduler.class), schedulerInProcess));
		health.registerContributor("avala", ConsoleHealth.avala(context.getBean(AvalaProperties.class).baseUrl().toString(),
				withApiKey ? context.getBean(AvalaClient.class) : null));
		ConsoleMetrics metrics = new ConsoleMetrics(repository, samples, context.getBean(MeterRegistry.class));
		ActuatorEndpoints actuator = new ActuatorEndpoints(context.getBean(HealthEndpoint.class),
				context.getBean(PrometheusScrapeEndpoint.class), metrics);
		return new ConsoleSite(catalog, new ActionGuard(token), actions, actuator, Redactor.of(context.getEnvironment()),
				schedules, repository, ScheduleFires.reader(context.getBean(JdbcTemplate.class)));
	}

	RunCatalog catalog() {
		return this.catalog;
	}

	ActionGuard guard() {
		return this.guard;
	}

	ConsoleActions actions() {
		return this.actions;
	}

	ActuatorEndpoints actuator() {
		return this.actuator;
	}

	Redactor redactor() {
		return this.redactor;
	}

	String schedulesPage(Instant now) {
		List<ScheduleDefinition> loaded = Files.isDirectory(this.schedules) ? ScheduleLoader.loadAll(this.schedules) : List.of();
		return SchedulesPage.render(this.schedules.toString(), loaded, this.fires::last, this::lastRun, this.redactor, now);
	}

	/** The newest run started from a schedule's job file. */
	private Optional<RunView> lastRun(ScheduleDefinition schedule) {
		String jobFile = ScheduleFires.jobFile(schedule);
		for (JobInstance instance : this.repository.getJobInstances(AnnotationLifecycleJobConfiguration.JOB_NAME, 0,
				RunCatalog.GRID_LIMIT)) {
			JobExecution last = this.repository.getLastJobExecution(instance);
			if (last != null && jobFile.equals(last.getJobParameters().getString(RunParameters.JOB_FILE))) {
				return this.catalog.run(instance.getInstanceId()).map(RunCatalog.RunDetail::view);
			}
		}
		return Optional.empty();
	}

}
