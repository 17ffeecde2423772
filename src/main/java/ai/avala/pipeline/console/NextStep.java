package ai.avala.pipeline.console;

import ai.avala.pipeline.console.RunCatalog.RunDetail;
import ai.avala.pipeline.report.RunView;

/** The command an operator types next for a run, from its status, its process and its failure (escaped HTML). */
final class NextStep {

	private static final String CLI = "java -jar avala-pipeline.jar ";

	private NextStep() {
	}

	static String of(RunDetail run, String failure) {
		RunView view = run.view();
		long id = view.last().id();
		String status = view.status();
		if ("COMPLETED".equals(status)) {
			return "Nothing: the run completed." + ((view.exportFile() != null)
					? " The export is at <code>" + Html.escape(view.exportFile()) + "</code>." : "");
		}
		if ("ABANDONED".equals(status)) {
			return "Nothing to resume: the run was given up. Start a new one with another runDate: "
					+ command("run " + jobFile(run) + " runDate=yyyy-MM-dd");
		}
		if (run.last().isRunning()) {
			if ("live".equals(run.process())) {
				return "It is running. To stop it restartably: " + command("stop " + id)
						+ " To pause its annotation (and billing): " + command("pause " + id);
			}
			return "Its process is gone (left " + Html.escape(status) + "). Resume it: " + command("restart " + id)
					+ " or give it up: " + command("abandon " + id + " --cancel-remote");
		}
		if (failure != null && (failure.contains("canceled on the Avala side") || failure.contains("archived on the Avala side"))) {
			return "Its project will never complete. Give the run up and start a new one with another runDate: "
					+ command("abandon " + id) + " " + command("run " + jobFile(run) + " runDate=yyyy-MM-dd");
		}
		return "Fix what the failure names if it is bad input, then resume it from the step that did not finish: "
				+ command("restart " + id) + " (or " + command("run " + jobFile(run) + " runDate=" + view.runDate())
				+ ")";
	}

	private static String jobFile(RunDetail run) {
		return (run.jobFile() != null) ? run.jobFile() : "<job-file>";
	}

	private static String command(String arguments) {
		return "<code class=\"command\">" + Html.escape(CLI + arguments) + "</code>";
	}

}
