package ai.avala.pipeline.metrics;

/**
 * Which run's {@link CallLedger} the current thread's calls belong to. A run binds its ledger on the thread that
 * launches it (its job runs on that thread); work it hands to other threads (the upload engine's) carries the
 * binding along with {@link #carry(Runnable)}. Several runs of one JVM (the scheduler) share the client beans but
 * never a thread, so each call lands in the ledger of the run that made it.
 */
public final class CallScope {

	private static final ThreadLocal<CallLedger> CURRENT = new ThreadLocal<>();

	private CallScope() {
	}

	/** The ledger of the run this thread works for, or null (a command that is not a run: status, check...). */
	public static CallLedger current() {
		return CURRENT.get();
	}

	/** Binds {@code ledger} to this thread until the returned binding is closed (which restores the one before). */
	public static Binding open(CallLedger ledger) {
		CallLedger before = CURRENT.get();
		CURRENT.set(ledger);
		return () -> {
			if (before == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(before);
			}
		};
	}

	/** The task, run under the ledger bound to the calling thread now (if any), whatever thread runs it. */
	public static Runnable carry(Runnable task) {
		CallLedger ledger = CURRENT.get();
		if (ledger == null) {
			return task;
		}
		return () -> {
			try (Binding binding = open(ledger)) {
				task.run();
			}
		};
	}

	/** An open binding; closing it unbinds. */
	@FunctionalInterface
	public interface Binding extends AutoCloseable {

		@Override
		void close();

	}

}
