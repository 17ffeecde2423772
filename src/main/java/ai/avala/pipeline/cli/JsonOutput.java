package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.events.RunEventType;
import ai.avala.pipeline.events.RunEvents;
import ai.avala.pipeline.events.RunOutcome;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code --json} on {@code run} and {@code restart}: stdout carries only the JSON events, one per line, and
 * everything for people (the command's own lines, logs, progress) goes to stderr. In the real process the log's
 * console appender writes to {@code System.out}, so {@code System.out} is pointed at stderr until the command ends
 * (Logback's console target looks it up at each write). A command that fails before a run could report its result
 * (a bad option, a job file that does not load) still ends with a {@code run.finished} line.
 */
final class JsonOutput implements AutoCloseable {

	private final PrintStream json;

	private final PrintStream originalOut;

	private RunEvents events;

	private JsonOutput(PrintStream json) {
		this.json = json;
		this.originalOut = System.out;
		if (json == System.out) {
			System.setOut(System.err);
		}
	}

	/** Turns JSON output on for this command, or answers null when {@code --json} was not given. */
	static JsonOutput of(boolean json, PipelineCommandLine cli) {
		return json ? new JsonOutput(cli.out) : null;
	}

	/** Where the command's lines for people go: stderr with {@code --json}. */
	static PrintStream human(JsonOutput output, PipelineCommandLine cli) {
		return (output != null) ? cli.err : cli.out;
	}

	/** Points the context's events at stdout. */
	void enable(ConfigurableApplicationContext context) {
		this.events = context.getBean(RunEvents.class);
		this.events.enable(this.json);
	}

	/** The backfill's counts as a {@code backfill.finished} event. */
	void backfillFinished(Backfill.Summary summary) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("from", summary.from());
		fields.put("to", summary.to());
		fields.put("completed", summary.completed());
		fields.put("skipped", summary.skipped());
		fields.put("failed", summary.failed());
		fields.put("notRun", summary.notRun());
		fields.put("exitCode", summary.exitCode());
		this.events.emit(RunEventType.BACKFILL_FINISHED, fields);
	}

	/** A failure before any run reported its result: the result line, so a script always gets one. */
	void failedBeforeAnyResult(Exception ex) {
		RunEvents target = (this.events != null) ? this.events : new RunEvents(new StandardEnvironment());
		if (target.finishedCount() > 0) {
			return;
		}
		target.enable(this.json);
		target.finished(new RunOutcome(null, null, null, RunOutcome.NOT_STARTED, FailureClassifier.exitCode(ex).code(),
				false, null, null, PipelineCommandLine.failureLine(ex)));
	}

	@Override
	public void close() {
		if (this.events != null) {
			this.events.disable();
		}
		System.setOut(this.originalOut);
	}

}
