package ai.avala.pipeline.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.console.ActionGuard.Session;
import ai.avala.pipeline.console.ConsoleActions.Action;
import ai.avala.pipeline.console.RunCatalog.RunDetail;

/**
 * A run's action buttons, each a POST form carrying the session's CSRF token: the ones that fit the run's state
 * (stop a live run, restart or abandon a failed, stopped or dead one, pause/resume/cancel its project while its
 * annotation is awaited). A
 * read-only console, or an operator not signed in, sees why there are none.
 */
final class ActionForms {

	private ActionForms() {
	}

	static String render(RunDetail run, boolean enabled, Optional<Session> session) {
		StringBuilder html = new StringBuilder("<h2>Actions</h2><div id=\"actions\">");
		if (!enabled) {
			return html.append("<p class=\"muted\">Read-only console: start it with AVALA_CONSOLE_TOKEN set to allow actions.</p></div>")
				.toString();
		}
		if (session.isEmpty()) {
			return html.append("<p class=\"muted\"><a href=\"/login\">Sign in</a> as an operator to act on this run.</p></div>")
				.toString();
		}
		for (Action action : fitting(run)) {
			html.append("<form class=\"inline\" method=\"post\" action=\"/runs/").append(run.view().instanceId())
				.append("/actions/").append(action.word()).append("\"><input type=\"hidden\" name=\"csrf\" value=\"")
				.append(Html.escape(session.get().csrf())).append("\"><input type=\"hidden\" name=\"execution\" value=\"")
				.append(run.view().last().id()).append("\"><button type=\"submit\" id=\"action-").append(action.word())
				.append("\">").append(action.word()).append("</button></form>");
		}
		return html.append(" <span class=\"muted\">as ").append(Html.escape(session.get().operator()))
			.append("</span></div>")
			.toString();
	}

	private static List<Action> fitting(RunDetail run) {
		List<Action> actions = new ArrayList<>();
		String status = run.view().status();
		boolean ended = status.equals("COMPLETED") || status.equals("ABANDONED");
		if (run.last().isRunning() && "live".equals(run.process())) {
			actions.add(Action.STOP);
		}
		else if (!ended) {
			actions.add(Action.RESTART);
			actions.add(Action.ABANDON);
		}
		// The project's controls matter while its annotation is awaited, not once the wait has completed.
		boolean annotated = "COMPLETED".equals(GridPage.latestStatuses(run.view())
			.get(ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION));
		if (run.view().remote().projectUid() != null && !ended && !annotated) {
			actions.add(Action.PAUSE);
			actions.add(Action.RESUME);
			actions.add(Action.CANCEL);
		}
		return actions;
	}

}
