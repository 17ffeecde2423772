package ai.avala.pipeline.client;

import java.time.Duration;

/**
 * Waits. Injected so that tests never really sleep and a webhook can cut a wait short.
 */
@FunctionalInterface
public interface Sleeper {

	void sleep(Duration duration) throws InterruptedException;

	static Sleeper system() {
		return (duration) -> Thread.sleep(Math.max(0, duration.toMillis()));
	}

}
