package ai.avala.pipeline.console;

import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.progress.ProgressSamples.Sample;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunView.StepView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's pages and charts as HTML: every value that comes from a job file, the job repository or the Avala
 * side is escaped, so a hostile name or failure cannot inject markup or script; the operator guard's sessions and
 * CSRF tokens.
 */
class ConsolePagesTests {

	private static final String HOSTILE = "<script>alert('x')</script>\"&";

	@Test
	void theGridEscapesJobNamesRunDatesAndStatuses() {
		// when
		String html = GridPage.render(List.of(run(HOSTILE)));
		// then
		assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;");
	}

	@Test
	void chartsEscapeTheirLabelsAndDrawOneBarPerStepExecution() {
		// when
		String gantt = Charts.gantt(List.of(new Charts.Bar(HOSTILE, "COMPLETED", 0, 1_000L),
				new Charts.Bar("uploadFiles", "STARTED", 500, null)), 2_000);
		String progress = Charts.progress(List.of(new Sample(0, 0, 4, null), new Sample(1_000, 3, 4, null)));
		// then
		assertThat(gantt).doesNotContain("<script>alert").contains("&lt;script&gt;");
		assertThat(gantt.split("<rect class=\"bar\"", -1)).hasSize(3);
		assertThat(progress).contains("75.0%").contains("(3/4 tasks)");
	}

	@Test
	void onlyTheTokenOpensASessionAndOnlyItsCsrfTokenMatches() {
		// given
		ActionGuard guard = new ActionGuard("right-token");
		// when
		Optional<ActionGuard.Session> wrong = guard.signIn("wrong-token", "mallory", 0);
		ActionGuard.Session session = guard.signIn("right-token", "alice", 0).orElseThrow();
		// then
		assertThat(wrong).isEmpty();
		assertThat(guard.session("other=1; " + ActionGuard.COOKIE + "=" + session.id(), 1)).contains(session);
		assertThat(guard.session(ActionGuard.COOKIE + "=forged", 1)).isEmpty();
		assertThat(ActionGuard.csrfMatches(session, session.csrf())).isTrue();
		assertThat(ActionGuard.csrfMatches(session, "guess")).isFalse();
		assertThat(ActionGuard.csrfMatches(session, null)).isFalse();
		assertThat(new ActionGuard(null).signIn("", "alice", 0)).isEmpty();
		assertThat(new ActionGuard(" ").enabled()).isFalse();
	}

	private static RunView run(String name) {
		StepView step = new StepView("validateManifest", "COMPLETED", null, null, 1.0, 1, 1, 1, 0, HOSTILE);
		ExecutionView execution = new ExecutionView(1, "FAILED", "FAILED", null, null, 1.0, List.of(step));
		return new RunView(name, "2026-11-01" + HOSTILE, 1, "FAILED" + HOSTILE, null, null, 1.0, List.of(execution),
				RunView.Uploads.NONE, new RunView.Remote(null, null, null, null, List.of()), null);
	}

}
