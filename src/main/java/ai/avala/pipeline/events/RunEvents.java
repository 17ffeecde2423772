package ai.avala.pipeline.events;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.report.Redactor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Machine-readable run events for {@code run --json} and {@code restart --json}: one compact JSON object per line on
 * the command's stdout, each with {@code version}, {@code event} (a {@link RunEventType}) and {@code time}. Off until a
 * command turns it on; the steps, progress reporters and the launcher call it whether it is on or not, and it costs
 * nothing when off. Lines are written whole under a lock, since progress comes from timer threads.
 */
@Component
public class RunEvents {

	/** The events' format version: raised when an event kind or a field is added; nothing is ever renamed. */
	public static final int VERSION = 1;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The wall clock, not the job's bean: the job's wiring needs this bean first. */
	private final Clock clock = Clock.systemUTC();

	private final Redactor redactor;

	private volatile PrintStream out;

	private final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();

	public RunEvents(Environment environment) {
		this.redactor = Redactor.of(environment);
	}

	/** From now on, events go to {@code out}, one per line. */
	public void enable(PrintStream out) {
		this.out = out;
		this.finished.set(0);
	}

	public void disable() {
		this.out = null;
	}

	public boolean enabled() {
		return this.out != null;
	}

	/**
	 * Writes one event, its fields after {@code version}, {@code event} and {@code time}, in the order given (a null
	 * value is written as null: a field of an event is always present).
	 */
	public void emit(RunEventType type, Map<String, ?> fields) {
		PrintStream target = this.out;
		if (target == null) {
			return;
		}
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("version", VERSION);
		line.put("event", type.wire());
		line.put("time", Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS).toString());
		line.putAll(fields);
		// Belt and braces: free text was cleaned by whoever made it; a secret must not get out through a new field.
		String json = this.redactor.clean(JSON.writeValueAsString(line));
		synchronized (this) {
			target.println(json);
			target.flush();
		}
	}

	/** A warning: {@code source} says where from (preflight, wait, export), {@code message} what. */
	public void warning(String source, String message) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("source", source);
		fields.put("message", this.redactor.clean(message));
		emit(RunEventType.WARNING, fields);
	}

	/** The run's result, the last event of a run. */
	public void finished(RunOutcome outcome) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("executionId", outcome.executionId());
		fields.put("name", outcome.name());
		fields.put("runDate", outcome.runDate());
		fields.put("status", outcome.status());
		fields.put("exitCode", outcome.exitCode());
		fields.put("alreadyCompleted", outcome.alreadyCompleted());
		fields.put("exportFile", outcome.exportFile());
		fields.put("reportFile", outcome.reportFile());
		fields.put("failure", this.redactor.clean(outcome.failure()));
		emit(RunEventType.RUN_FINISHED, fields);
		this.finished.incrementAndGet();
	}

	/** How many results were written since events were turned on. */
	public int finishedCount() {
		return this.finished.get();
	}

}
