package ai.avala.pipeline.webhook;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which deliveries are worth waking the waiting steps for. A {@code result.accepted} arrives for every
 * task, so waking on each would check the metrics far more often than polling does; instead the waiting step
 * tells us how many tasks were still open at its last check, each accepted result counts that down, and only
 * the result that may be the last one wakes it. Status changes, exports and unknown events always wake: they
 * are rare and may mean "done". Counting is a hint, not the truth: Avala may sample or repeat result events
 * (an early wake costs one check), and a missed wake is covered by polling.
 */
public final class AwaitedProjects {

	static final String RESULT_ACCEPTED = "result.accepted";

	private final Map<String, AtomicLong> openTasks = new ConcurrentHashMap<>();

	private final AtomicLong wakes = new AtomicLong();

	/** Called by the waiting step after each check of a project that has tasks. */
	public void awaiting(String projectUid, long openTaskCount) {
		this.openTasks.computeIfAbsent(projectUid, (uid) -> new AtomicLong()).set(Math.max(0, openTaskCount));
	}

	/** Called when the wait for a project ended. */
	public void finished(String projectUid) {
		this.openTasks.remove(projectUid);
	}

	/**
	 * How many wake-worthy deliveries arrived so far. A wait reads it before its check and compares after: a
	 * delivery that came while the check was on the wire found nobody asleep, so the wait must not sleep now.
	 */
	public long wakes() {
		return this.wakes.get();
	}

	/** Whether this delivery should end the current waits; counts an accepted result down. */
	public boolean shouldWake(String event, List<String> projectUids) {
		boolean wake = decide(event, projectUids);
		if (wake) {
			this.wakes.incrementAndGet();
		}
		return wake;
	}

	private boolean decide(String event, List<String> projectUids) {
		if (!RESULT_ACCEPTED.equals(event) || projectUids.isEmpty()) {
			return true;
		}
		boolean wake = false;
		for (String uid : projectUids) {
			AtomicLong open = this.openTasks.get(uid);
			// A project nobody here waits for gives nothing to wake for.
			wake |= open != null && open.decrementAndGet() <= 0;
		}
		return wake;
	}

}
