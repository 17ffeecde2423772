package ai.avala.pipeline.console;

import java.util.Optional;

import ai.avala.pipeline.console.ActionGuard.Session;

/** The operator's sign-in: the console token and a name, which every action then logs. */
final class LoginPage {

	private LoginPage() {
	}

	static String form(boolean enabled, Optional<Session> session, String problem) {
		StringBuilder body = new StringBuilder("<h1>Operator</h1>");
		if (!enabled) {
			return Html.page("Operator", body.append("<p class=\"notice\" id=\"read-only\">This console is read-only: "
					+ "actions are off. Start it with <code>AVALA_CONSOLE_TOKEN</code> set in its environment to allow "
					+ "stop, restart, pause, resume, cancel and abandon.</p>").toString());
		}
		session.ifPresent((s) -> body.append("<p>Signed in as <b id=\"operator\">").append(Html.escape(s.operator()))
			.append("</b>.</p>"));
		if (problem != null) {
			body.append("<p class=\"failure\" id=\"problem\">").append(Html.escape(problem)).append("</p>");
		}
		body.append("<form method=\"post\" action=\"/login\"><p><label>Your name (logged with each action) "
				+ "<input name=\"operator\" id=\"operator-name\" maxlength=\"64\" required></label></p>"
				+ "<p><label>Console token <input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\" "
				+ "required></label></p><p><button type=\"submit\" id=\"sign-in\">Sign in</button></p></form>");
		return Html.page("Operator", body.toString());
	}

}
