package ai.avala.pipeline.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import ai.avala.pipeline.client.Sleeper;

import org.springframework.batch.core.step.StepExecution;

/**
 * A bounded wait inside a step, one check per tasklet iteration: the deadline lives in the step's execution
 * context (set at the first check of each step execution), and the pause between checks grows while nothing
 * changes and drops back to the minimum on progress. Returning between checks lets Spring Batch notice a stop
 * request.
 * <p>
 * A restart copies the failed step execution's context into the new one. The deadline and the pause are
 * therefore tagged with the step execution that set them, and a new execution starts its own from the
 * {@code poll.timeout} in force: otherwise a run that timed out (exit 6, "restartable") would time out again at
 * the first check of every restart, whatever timeout the restart was given.
 */
final class Wait {

	private final StepExecution step;

	private final String key;

	private final Clock clock;

	private final Sleeper sleeper;

	Wait(StepExecution step, String key, Clock clock, Sleeper sleeper) {
		this.step = step;
		this.key = key;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	/** Throws {@link WaitTimeoutException} once {@code timeout} has passed since this step began waiting. */
	void checkDeadline(String what, Duration timeout, String lastSeen) {
		var context = this.step.getExecutionContext();
		String deadlineKey = this.key + ".deadline";
		if (!context.containsKey(deadlineKey) || !setByThisExecution()) {
			context.putLong(deadlineKey, this.clock.instant().plus(timeout).toEpochMilli());
			context.remove(this.key + ".interval");
			context.putLong(this.key + ".execution", this.step.getId());
		}
		if (this.clock.instant().isAfter(Instant.ofEpochMilli(context.getLong(deadlineKey)))) {
			throw new WaitTimeoutException(what, timeout, lastSeen);
		}
	}

	private boolean setByThisExecution() {
		var context = this.step.getExecutionContext();
		String executionKey = this.key + ".execution";
		return context.containsKey(executionKey) && context.getLong(executionKey) == this.step.getId();
	}

	/**
	 * Pauses before the next check: {@code min} after progress, otherwise half as long again as the last pause
	 * up to {@code max}, with up to 10 % jitter so that many runs do not poll in step.
	 */
	void pause(boolean progressed, Duration min, Duration max) throws InterruptedException {
		var context = this.step.getExecutionContext();
		String intervalKey = this.key + ".interval";
		long last = context.containsKey(intervalKey) ? context.getLong(intervalKey) : min.toMillis();
		long next = progressed ? min.toMillis() : Math.min(max.toMillis(), Math.max(min.toMillis(), last * 3 / 2));
		context.putLong(intervalKey, next);
		long jitter = (long) (ThreadLocalRandom.current().nextDouble() * next * 0.1);
		this.sleeper.sleep(Duration.ofMillis(next + jitter));
	}

}
