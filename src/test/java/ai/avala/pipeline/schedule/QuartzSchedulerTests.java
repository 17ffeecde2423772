package ai.avala.pipeline.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.listeners.TriggerListenerSupport;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives a real Quartz scheduler with the JDBC job store in H2 (PostgreSQL in {@code QuartzSchedulerPostgresTests}), wired by Boot's auto-configuration with the same
 * properties the {@code scheduler} command sets, and a launcher stand-in instead of the batch job.
 */
@ExtendWith(OutputCaptureExtension.class)
@OnPostgres
class QuartzSchedulerTests {

	private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati");

	@TempDir
	Path folder;

	private ApplicationContextRunner runner;

	@BeforeEach
	void quartzOnH2() throws IOException {
		Files.writeString(this.folder.resolve("nightly.yml"), """
				name: nightly
				manifest: data/manifest.csv
				templateProjectUid: tpl-1
				""");
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, QuartzAutoConfiguration.class))
			.withBean(QuartzDatabaseCustomizer.class)
			.withPropertyValues(database())
			.withPropertyValues("spring.quartz.job-store-type=jdbc", "spring.quartz.jdbc.initialize-schema=always",
					// The scheduler command's own scripts; a script that fails must fail the test.
					"spring.quartz.jdbc.schema=classpath:db/quartz/tables_@@platform@@.sql",
					"spring.quartz.jdbc.continue-on-error=false", "spring.quartz.auto-startup=false",
					"spring.quartz.properties.org.quartz.jobStore.misfireThreshold=1000",
					"spring.quartz.properties.org.quartz.threadPool.threadCount=4");
	}

	@Test
	void aFireStartsARunDatedInTheSchedulesZoneAndAnOverlappingFireIsSkippedNotQueued(CapturedOutput output)
			throws IOException {
		ScheduleDefinition everySecond = schedule("every-second", "* * * * * ?", "Pacific/Kiritimati", "run-once");
		this.runner.run((context) -> {
			// given
			Scheduler scheduler = context.getBean(Scheduler.class);
			FireCounter fires = FireCounter.on(scheduler);
			RecordingLauncher launcher = RecordingLauncher.blocking();
			ScheduleService service = service(scheduler, List.of(everySecond), launcher);
			// when: the first run is still going while the cron fires again, and again
			service.start(List.of(everySecond), Clock.systemUTC());
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(fires.completed())
					.as("fires that returned while the first run was still going").isGreaterThanOrEqualTo(2));
			// then
			assertThat(launcher.started()).hasSize(1);
			ScheduledRun run = launcher.started().get(0);
			assertThat(run.schedule().name()).isEqualTo("every-second");
			assertThat(run.runDate()).isEqualTo(LocalDate.ofInstant(run.fireTime(), KIRITIMATI));
			JobParameters parameters = run.jobParameters();
			assertThat(parameters.getString("name")).isEqualTo("nightly");
			assertThat(parameters.getString("runDate")).isEqualTo(run.runDate().toString());
			assertThat(parameters.getString("jobFile")).isEqualTo(this.folder.resolve("nightly.yml").toString());
			assertThat(parameters.getString("poll.interval")).isEqualTo("5s");
			assertThat(output).containsPattern("Schedule every-second fired \\(due [^)]+\\) while its previous run is still going; skipped");
			launcher.release();
			service.stop();
		});
	}

	@Test
	void stoppingTheSchedulerStopsTheRunningRunsAndWaitsForThem() throws IOException {
		ScheduleDefinition everySecond = schedule("every-second", "* * * * * ?", "UTC", "run-once");
		this.runner.run((context) -> {
			// given: a run going
			Scheduler scheduler = context.getBean(Scheduler.class);
			RecordingLauncher launcher = RecordingLauncher.blocking();
			List<ScheduledRun> askedToStop = new ArrayList<>();
			RunStopper stopper = (running) -> {
				askedToStop.addAll(running);
				launcher.release();
				return running.size();
			};
			ScheduleService service = new ScheduleService(scheduler,
					new ScheduleFirer(List.of(everySecond), launcher), stopper);
			service.start(List.of(everySecond), Clock.systemUTC());
			await().atMost(Duration.ofSeconds(15)).until(() -> !launcher.started().isEmpty());
			// when
			int stopped = service.stop();
			// then
			assertThat(stopped).isEqualTo(1);
			assertThat(askedToStop).containsExactlyElementsOf(launcher.started());
			assertThat(launcher.ended()).containsExactlyElementsOf(launcher.started());
			assertThat(scheduler.isShutdown()).isTrue();
		});
	}

	@Test
	void aRestartedSchedulerRunsOnceForMissedFiresUnderRunOnceAndSkipsThemUnderSkip(CapturedOutput output)
			throws IOException {
		ScheduleDefinition runOnce = schedule("catch-up", "0 0 3 * * ?", "UTC", "run-once");
		ScheduleDefinition skip = schedule("no-catch-up", "0 0 3 * * ?", "UTC", "skip");
		List<ScheduleDefinition> schedules = List.of(runOnce, skip);
		// given: registered two days ago by a scheduler that then went down, so two 03:00 fires each were missed
		Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
		this.runner.run((context) -> new ScheduleRegistrar(context.getBean(Scheduler.class), twoDaysAgo).sync(schedules));
		this.runner.run((context) -> {
			Scheduler scheduler = context.getBean(Scheduler.class);
			RecordingLauncher launcher = RecordingLauncher.immediate();
			ScheduleService service = service(scheduler, schedules, launcher);
			Instant restart = Instant.now();
			// when
			service.start(schedules, Clock.systemUTC());
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(launcher.ended()).as("runs that ended").hasSize(1);
				assertThat(nextFire(scheduler, runOnce)).as("run-once's next fire").isAfter(restart);
				assertThat(nextFire(scheduler, skip)).as("skip's next fire").isAfter(restart);
			});
			// then: one run for the two missed fires, due when the miss was noticed; none for skip
			assertThat(launcher.started()).extracting((run) -> run.schedule().name()).containsExactly("catch-up");
			assertThat(launcher.started().get(0).fireTime()).isAfterOrEqualTo(restart.minusSeconds(1));
			assertThat(output).contains("Schedule catch-up unchanged", "Schedule no-catch-up unchanged");
			service.stop();
		});
	}

	@Test
	void syncRemovesTheTriggersOfDisabledOrDeletedSchedulesAndReplacesAChangedOne() throws IOException {
		ScheduleDefinition kept = schedule("kept", "0 0 3 * * ?", "UTC", "run-once");
		ScheduleDefinition disabled = schedule("disabled", "0 0 3 * * ?", "UTC", "run-once");
		ScheduleDefinition deleted = schedule("deleted", "0 0 3 * * ?", "UTC", "run-once");
		this.runner.run((context) -> {
			// given
			Scheduler scheduler = context.getBean(Scheduler.class);
			ScheduleRegistrar registrar = new ScheduleRegistrar(scheduler, Clock.systemUTC());
			registrar.sync(List.of(kept, disabled, deleted));
			ScheduleDefinition changed = schedule("kept", "0 30 4 * * ?", "Europe/Berlin", "skip");
			ScheduleDefinition nowDisabled = schedule("disabled", "0 0 3 * * ?", "UTC", "run-once", false);
			// when
			registrar.sync(List.of(changed, nowDisabled));
			// then
			assertThat(scheduler.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.anyTriggerGroup()))
				.containsExactly(ScheduleTriggers.triggerKey("kept"));
			org.quartz.CronTrigger trigger = (org.quartz.CronTrigger) scheduler.getTrigger(ScheduleTriggers.triggerKey("kept"));
			assertThat(trigger.getCronExpression()).isEqualTo("0 30 4 * * ?");
			assertThat(trigger.getTimeZone().getID()).isEqualTo("Europe/Berlin");
			assertThat(trigger.getMisfireInstruction()).isEqualTo(org.quartz.CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
		});
	}

	private static ScheduleService service(Scheduler scheduler, List<ScheduleDefinition> schedules,
			ScheduledRunLauncher launcher) {
		return new ScheduleService(scheduler, new ScheduleFirer(schedules, launcher), (running) -> 0);
	}

	private static Instant nextFire(Scheduler scheduler, ScheduleDefinition schedule) throws Exception {
		return scheduler.getTrigger(ScheduleTriggers.triggerKey(schedule.name())).getNextFireTime().toInstant();
	}

	private ScheduleDefinition schedule(String name, String cron, String zone, String misfire) throws IOException {
		return schedule(name, cron, zone, misfire, true);
	}

	private ScheduleDefinition schedule(String name, String cron, String zone, String misfire, boolean enabled)
			throws IOException {
		Path file = Files.writeString(this.folder.resolve(name + ".yml"), """
				job: nightly.yml
				cron: "%s"
				timeZone: %s
				misfire: %s
				enabled: %s
				parameters:
				  poll.interval: 5s
				""".formatted(cron, zone, misfire, enabled));
		return ScheduleLoader.load(file);
	}

	/** Counts fires whose job has returned. */
	static final class FireCounter extends TriggerListenerSupport {

		private final AtomicInteger completed = new AtomicInteger();

		static FireCounter on(Scheduler scheduler) throws Exception {
			FireCounter counter = new FireCounter();
			scheduler.getListenerManager().addTriggerListener(counter);
			return counter;
		}

		@Override
		public String getName() {
			return "fire-counter";
		}

		@Override
		public void triggerComplete(Trigger trigger, JobExecutionContext context,
				CompletedExecutionInstruction instruction) {
			this.completed.incrementAndGet();
		}

		int completed() {
			return this.completed.get();
		}

	}


	/**
	 * PostgreSQL when the suite runs on it; otherwise an in-memory H2 database. Not an H2 file: Quartz's shutdown
	 * interrupts its own threads, and an interrupt that lands in an H2 file write closes the file for the whole JVM,
	 * after which Quartz retries its commit forever and the test hangs (seen once in CI).
	 */
	private String[] database() {
		return TestDatabase.isPostgres() ? TestDatabase.properties(this.folder).toArray(String[]::new)
				: new String[] { "spring.datasource.url=jdbc:h2:mem:quartz-" + java.util.UUID.randomUUID()
						+ ";DB_CLOSE_DELAY=-1" };
	}

}
