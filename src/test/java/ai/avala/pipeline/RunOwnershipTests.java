package ai.avala.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may touch a run: only the process holding its lease in the job repository. Runs are child JVMs (killed
 * with SIGTERM or SIGKILL as a user would) and commands in this JVM, all on one H2 job repository, some of them
 * from another folder. The sandbox's clock is slowed so that a run stays in its wait for annotation for minutes,
 * until the test speeds it up.
 */
@ExtendWith(SandboxExtension.class)
class RunOwnershipTests {

	@TempDir
	Path folder;

	private final List<Process> children = new ArrayList<>();

	@AfterEach
	void killChildren() throws InterruptedException {
		for (Process process : this.children) {
			process.destroyForcibly().waitFor();
		}
	}

	@Test
	void aRunHeldByALiveProcessIsRefusedToAProcessInAnotherFolder(AvalaSandbox sandbox) throws Exception {
		// given: a run in a child process, with a short lease it must keep renewing
		ChildPipeline children = new ChildPipeline(sandbox, this.folder);
		Path job = waitingJob(sandbox, "held");
		Process holder = start(children, "run", job.toString(), "runDate=2026-10-12", "--avala.pipeline.lease-ttl=1s");
		long execution = awaitWaiting(children, holder, "held");
		// when: the same run from another folder, on the same job repository
		PipelineRun.Result second = PipelineRun.against(sandbox, this.folder.resolve("elsewhere"))
			.onDatabaseOf(this.folder)
			.execute("run", job.toString(), "runDate=2026-10-12", "poll.timeout=1s");
		// then: refused in one line; the live execution is untouched and still the only one
		assertThat(second.exitCode()).as(second.toString()).isEqualTo(9);
		assertThat(second.err().lines()).as(second.toString()).hasSize(1);
		assertThat(second.err()).startsWith("avala-pipeline: run held 2026-10-12 is running in another process (")
			.doesNotContain("\tat ");
		assertThat(holder.isAlive()).as(children.output(1)).isTrue();
		assertThat(status(execution)).isEqualTo("STARTED");
		assertThat(db().queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Integer.class)).isOne();
	}

	@Test
	void sigtermStopsOnlyTheExecutionThisProcessLaunched(AvalaSandbox sandbox) throws Exception {
		// given: two runs of two jobs, each in its own process, both waiting for annotation
		ChildPipeline children = new ChildPipeline(sandbox, this.folder);
		Process first = start(children, "run", waitingJob(sandbox, "first").toString(), "runDate=2026-10-13");
		long firstExecution = awaitWaiting(children, first, "first");
		Process second = start(children, "run", waitingJob(sandbox, "second").toString(), "runDate=2026-10-13");
		long secondExecution = awaitWaiting(children, second, "second");
		// when
		first.destroy();
		// then: the first stopped; the second is still running, and finishes
		assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(first.exitValue()).as(children.output(1)).isEqualTo(7);
		assertThat(status(firstExecution)).isEqualTo("STOPPED");
		assertThat(status(secondExecution)).isEqualTo("STARTED");
		sandbox.clock().setSpeed(36_000);
		assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(second.exitValue()).as(children.output(2)).isZero();
	}

	@Test
	void abandonRecoversAndGivesUpARunWhoseProcessWasKilled(AvalaSandbox sandbox) throws Exception {
		// given: a run whose process died by SIGKILL, leaving its execution STARTED
		long execution = killWhileWaiting(sandbox, "orphan");
		PipelineRun commands = PipelineRun.against(sandbox, this.folder);
		// when
		PipelineRun.Result abandon = commands.execute("abandon", String.valueOf(execution));
		// then: abandoned, and never resumed
		assertThat(abandon.exitCode()).as(abandon.toString()).isZero();
		assertThat(abandon.out()).contains("Execution " + execution + " abandoned", "left STARTED by a process that died");
		assertThat(status(execution)).isEqualTo("ABANDONED");
		PipelineRun.Result rerun = commands.execute("run", this.folder.resolve("orphan.yml").toString(),
				"runDate=2026-10-14");
		assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(2);
		assertThat(rerun.err()).contains("was abandoned (execution " + execution + ") and is not resumed");
	}

	@Test
	void aLeaseOfAnotherHostIsRespectedUntilItExpiresThenTheRunIsRecovered(AvalaSandbox sandbox) throws Exception {
		// given: the lease row of a run whose process died, made to look like another host's (its pid means nothing
		// here), and still within its time
		long execution = killWhileWaiting(sandbox, "orphan");
		db().update("UPDATE AVALA_RUN_LEASE SET OWNER_SCOPE = 'another-host', EXPIRES_AT = ?",
				System.currentTimeMillis() + Duration.ofHours(1).toMillis());
		PipelineRun commands = PipelineRun.against(sandbox, this.folder);
		String[] rerun = { "run", this.folder.resolve("orphan.yml").toString(), "runDate=2026-10-14" };
		// when: run while the lease is live, then after it expired
		PipelineRun.Result whileLive = commands.execute(rerun);
		db().update("UPDATE AVALA_RUN_LEASE SET EXPIRES_AT = 0");
		sandbox.clock().setSpeed(36_000);
		PipelineRun.Result afterExpiry = commands.execute(rerun);
		// then
		assertThat(whileLive.exitCode()).as(whileLive.toString()).isEqualTo(9);
		assertThat(status(execution)).isEqualTo("FAILED");
		assertThat(afterExpiry.exitCode()).as(afterExpiry.toString()).isZero();
		assertThat(afterExpiry.out()).contains("Execution " + execution + " was left STARTED by a process that died");
		assertThat(db().queryForObject("SELECT COUNT(*) FROM AVALA_RUN_LEASE", Integer.class)).isZero();
	}

	private long killWhileWaiting(AvalaSandbox sandbox, String name) throws Exception {
		ChildPipeline children = new ChildPipeline(sandbox, this.folder);
		Process process = start(children, "run", waitingJob(sandbox, name).toString(), "runDate=2026-10-14");
		long execution = awaitWaiting(children, process, name);
		process.destroyForcibly().waitFor();
		assertThat(status(execution)).isEqualTo("STARTED");
		return execution;
	}

	private Path waitingJob(AvalaSandbox sandbox, String name) {
		TestJobs.files(this.folder, 3, 50);
		// Dataset and tasks are ready in seconds; annotation (2 simulated hours) takes 4 real minutes.
		sandbox.clock().setSpeed(30);
		return TestJobs.jobFile(this.folder, name, sandbox.templateProjectUid());
	}

	/** Waits until the named run's child is in its wait for annotation; returns its execution id. */
	private long awaitWaiting(ChildPipeline children, Process process, String name) throws Exception {
		int started = children.runs();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> children.output(started).contains("AwaitCompletionTasklet") || !process.isAlive());
		assertThat(process.isAlive()).as(children.output(started)).isTrue();
		return db().queryForObject("SELECT MAX(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e JOIN "
				+ "BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID "
				+ "WHERE p.PARAMETER_NAME = 'name' AND p.PARAMETER_VALUE = ?", Long.class, name);
	}

	private Process start(ChildPipeline children, String... args) throws Exception {
		Process process = children.start(args);
		this.children.add(process);
		return process;
	}

	private String status(long execution) {
		return db().queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class,
				execution);
	}

	private JdbcTemplate db() {
		return new JdbcTemplate(new DriverManagerDataSource(PipelineRun.databaseUrl(this.folder), "sa", ""));
	}

}
