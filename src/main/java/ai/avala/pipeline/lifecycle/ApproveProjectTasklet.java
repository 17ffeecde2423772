package ai.avala.pipeline.lifecycle;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaInvalidRequestException;
import ai.avala.pipeline.client.Project;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code approveProject}: reads the project and approves it only if it is {@code pending-approval}.
 * Anything already past approval (active, paused, completed) counts as approved: approving twice would be
 * refused, and a restart must not fail because the first approval's answer was lost.
 */
public class ApproveProjectTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ApproveProjectTasklet.class);

	private final AvalaClient api;

	private final RunState state;

	public ApproveProjectTasklet(AvalaClient api, RunState state) {
		this.api = api;
		this.state = state;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		String uid = this.state.read(step).project().uid();
		Project project = this.api.getProject(uid);
		if (project.ended()) {
			throw new ProjectEndedException(uid, project.name(), project.status(), step.getJobExecutionId());
		}
		if (project.pendingApproval()) {
			project = approve(uid, step.getJobExecutionId());
		}
		else {
			log.info("Project {} is already {}: nothing to approve", uid, project.status());
		}
		String status = project.status();
		this.state.update(step, (record) -> record.withApproval(status));
		return RepeatStatus.FINISHED;
	}

	private Project approve(String uid, long executionId) {
		try {
			Project approved = this.api.approve(uid);
			log.info("Project {} approved: {}", uid, approved.status());
			return approved;
		}
		catch (AvalaInvalidRequestException ex) {
			// A 400 here means the project left pending-approval meanwhile (our own lost answer, or a person):
			// read it again and accept it if it is past approval.
			Project now = this.api.getProject(uid);
			if (now.ended()) {
				throw new ProjectEndedException(uid, now.name(), now.status(), executionId);
			}
			if (now.pendingApproval()) {
				throw ex;
			}
			return now;
		}
	}

}
