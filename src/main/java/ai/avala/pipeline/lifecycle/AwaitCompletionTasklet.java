package ai.avala.pipeline.lifecycle;

import java.time.Clock;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.ProjectMetrics;
import ai.avala.pipeline.client.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code awaitCompletion}: checks the project's metrics once per iteration until every task is complete
 * (contract §6), pausing between checks (longer while nothing changes) without holding a database
 * transaction. Each iteration returns to Spring Batch, which is where a stop request takes effect.
 */
public class AwaitCompletionTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(AwaitCompletionTasklet.class);

	private static final String LAST_COMPLETED = "await.completed";

	private final AvalaClient api;

	private final RunState state;

	private final Clock clock;

	private final Sleeper sleeper;

	public AwaitCompletionTasklet(AvalaClient api, RunState state, Clock clock, Sleeper sleeper) {
		this.api = api;
		this.state = state;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		String projectUid = this.state.get(step, RunState.PROJECT_UID);
		ProjectMetrics metrics = this.api.metrics(projectUid);
		boolean progressed = progressed(step, metrics);
		if (progressed) {
			log.info("Project {}: {}/{} tasks completed ({}%)", projectUid, metrics.completedTasks(),
					metrics.totalTasks(), String.format("%.1f", metrics.percent()));
		}
		if (metrics.done() || (metrics.totalTasks() == 0 && this.api.getProject(projectUid).completed())) {
			log.info("Project {}: annotation complete", projectUid);
			return RepeatStatus.FINISHED;
		}
		Wait wait = new Wait(step, "await", this.clock, this.sleeper);
		wait.checkDeadline("project " + projectUid + " to complete", run.definition().pollTimeout(),
				metrics.completedTasks() + "/" + metrics.totalTasks() + " tasks completed");
		wait.pause(progressed, run.definition().pollInterval(), run.definition().pollMaxInterval());
		return RepeatStatus.CONTINUABLE;
	}

	private static boolean progressed(StepExecution step, ProjectMetrics metrics) {
		var context = step.getExecutionContext();
		long before = context.containsKey(LAST_COMPLETED) ? context.getLong(LAST_COMPLETED) : -1;
		context.putLong(LAST_COMPLETED, metrics.completedTasks());
		return metrics.completedTasks() != before;
	}

}
