package ai.avala.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.FaultRule;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.SandboxAssertions;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestDatabase;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@code scheduler} processes (child JVMs, as two hosts would run them) on one job repository: Quartz's
 * clustered store fires each trigger on one of them only, and when the one running a fire is killed with SIGKILL,
 * the other recovers the fire and resumes the interrupted run under its lease: once, never in parallel.
 */
@ExtendWith(SandboxExtension.class)
@OnPostgres
class ClusteredSchedulerTests {

	private static final Pattern DUE = Pattern.compile("Schedule cluster fired \\(due ([^)]+)\\)");

	@TempDir
	Path folder;

	private final List<Process> schedulers = new ArrayList<>();

	@AfterEach
	void stopSchedulers() throws InterruptedException {
		for (Process scheduler : this.schedulers) {
			scheduler.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void eachFireRunsOnOneSchedulerOnly(AvalaSandbox sandbox) throws Exception {
		// given: a schedule firing every two seconds, and its job
		schedule(sandbox, "0/2 * * * * ?");
		ChildPipeline children = new ChildPipeline(sandbox, this.folder);
		// when
		startSchedulers(children);
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> dueTimes(children).stream().distinct().count() >= 5);
		// then: no fire handled twice; the day's run ran once (later fires find it completed, or held)
		List<String> due = dueTimes(children);
		assertThat(due).as(logs(children)).doesNotHaveDuplicates();
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
		assertThat(executions()).extracting(Execution::status).containsExactly("COMPLETED");
	}

	@Test
	void aSchedulerKilledMidRunHasItsFireRecoveredByTheOtherAndTheRunResumedOnce(AvalaSandbox sandbox)
			throws Exception {
		// given: a fire every 30 s (so the next regular one comes well after Quartz's recovery), whose run approves
		// its project and then waits for an answer the sandbox holds back
		sandbox.faults()
			.set("POST /projects/{uid}/approve/",
					FaultRule.none().withFailFirst(1).withFailAfterEffect(true).withLatency(Duration.ofSeconds(60)));
		schedule(sandbox, "0/30 * * * * ?");
		ChildPipeline children = new ChildPipeline(sandbox, this.folder);
		startSchedulers(children);
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> sandbox.stats().approvals() >= 1 && runner(children) > 0);
		int killed = runner(children);
		int survivor = 3 - killed;
		// when: the scheduler running the fire dies mid-run, between the approval and its answer
		this.schedulers.get(killed - 1).destroyForcibly().waitFor();
		sandbox.faults().clear();
		// then: the other one takes the fire over and resumes the run from its last step
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> children.output(survivor).contains("Run cluster ") && children.output(survivor).contains(" completed (execution"));
		String survivorLog = children.output(survivor);
		String takeOver = "taking over the fire due " + dueTimes(children.output(killed)).get(0);
		String resume = "was left STARTED by a process that died; recovering it";
		assertThat(survivorLog).as(logs(children)).contains(takeOver, resume);
		assertThat(survivorLog.indexOf(takeOver)).as("resumed by Quartz's recovery of the fire, not by a later fire")
			.isLessThan(survivorLog.indexOf(resume));
		SandboxAssertions.assertExactlyOneOfEach(sandbox);
		List<Execution> executions = executions();
		assertThat(executions).extracting(Execution::status).containsExactly("FAILED", "COMPLETED");
		assertThat(executions.get(1).start()).as("the resumed execution started after the killed one ended")
			.isAfterOrEqualTo(executions.get(0).end());
	}

	private void schedule(AvalaSandbox sandbox, String cron) throws IOException {
		TestJobs.files(this.folder, 6, 200);
		TestJobs.jobFile(this.folder, "cluster", sandbox.templateProjectUid());
		Path schedules = Files.createDirectories(this.folder.resolve("schedules"));
		Files.writeString(schedules.resolve("cluster.yml"), """
				job: ../cluster.yml
				cron: "%s"
				timeZone: UTC
				parameters:
				  poll.interval: 200ms
				  poll.timeout: 10m
				""".formatted(cron));
	}

	/** Starts two schedulers on the folder's database, one after the other (the first creates the tables). */
	private void startSchedulers(ChildPipeline children) throws Exception {
		for (int i = 1; i <= 2; i++) {
			int child = i;
			this.schedulers.add(children.start("scheduler", "--schedules", this.folder.resolve("schedules").toString(),
					// Quartz notices a dead member after its check-in interval plus 7.5 s.
					"--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000"));
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> children.output(child).contains("Scheduler running") || !this.schedulers.get(child - 1).isAlive());
			assertThat(this.schedulers.get(child - 1).isAlive()).as(children.output(child)).isTrue();
		}
	}

	/** The scheduler (1 or 2) whose run has cloned the project (and so is the one approving it), or 0. */
	private static int runner(ChildPipeline children) throws IOException {
		for (int i = 1; i <= 2; i++) {
			if (children.output(i).contains("CloneTemplateTasklet")) {
				return i;
			}
		}
		return 0;
	}

	private static List<String> dueTimes(ChildPipeline children) throws IOException {
		List<String> due = new ArrayList<>(dueTimes(children.output(1)));
		due.addAll(dueTimes(children.output(2)));
		return due;
	}

	private static List<String> dueTimes(String log) {
		List<String> due = new ArrayList<>();
		Matcher matcher = DUE.matcher(log);
		while (matcher.find()) {
			due.add(matcher.group(1));
		}
		return due;
	}

	private static String logs(ChildPipeline children) throws IOException {
		return "--- scheduler 1 ---\n" + children.output(1) + "\n--- scheduler 2 ---\n" + children.output(2);
	}

	private List<Execution> executions() {
		JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.dataSource(this.folder));
		return jdbc.query("SELECT STATUS, START_TIME, END_TIME FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
				(rs, i) -> new Execution(rs.getString(1), rs.getTimestamp(2), rs.getTimestamp(3)));
	}

	private record Execution(String status, Timestamp start, Timestamp end) {

	}

}
