package ai.avala.pipeline.cli;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaInvalidRequestException;
import ai.avala.pipeline.client.Project;
import ai.avala.pipeline.client.ProjectAction;

/**
 * Pauses, resumes or cancels a run's project on the Avala side (contract §5). A transition the project's status
 * does not allow is answered 400; the project is then read, so a project already where the action leads (an
 * earlier attempt whose answer was lost, or a person) counts as done, and any other status is named.
 */
final class ProjectControl {

	private final AvalaClient api;

	ProjectControl(AvalaClient api) {
		this.api = api;
	}

	/** Applies the action and returns the line to print; {@link UsageException} (exit 2) when the status forbids it. */
	String apply(String uid, ProjectAction action) {
		try {
			Project project = this.api.transition(uid, action);
			return "Project " + describe(uid, project) + " is now " + project.status();
		}
		catch (AvalaInvalidRequestException refused) {
			Project now = this.api.getProject(uid);
			if (action.reached(now.status())) {
				return "Project " + describe(uid, now) + " is already " + now.status() + "; nothing to do";
			}
			throw new UsageException("cannot " + action.path() + " project " + describe(uid, now) + ": it is "
					+ now.status() + " (HTTP 400: " + refused.detail() + "); " + allowed(action));
		}
	}

	/** For {@code abandon --cancel-remote}: a project that ended on its own (completed, archived) needs no cancel. */
	String cancelUnlessEnded(String uid) {
		Project project = this.api.getProject(uid);
		if (project.completed() || project.ended()) {
			return "Project " + describe(uid, project) + " is " + project.status() + "; nothing to cancel";
		}
		return apply(uid, ProjectAction.CANCEL);
	}

	private static String allowed(ProjectAction action) {
		return switch (action) {
			case PAUSE -> "only an active project can be paused";
			case RESUME -> "only a paused project can be resumed";
			case CANCEL -> "only a pending-approval, active or paused project can be canceled";
		};
	}

	private static String describe(String uid, Project project) {
		return uid + ((project != null && project.name() != null) ? " (" + project.name() + ")" : "");
	}

}
