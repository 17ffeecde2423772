package ai.avala.pipeline.client;

import java.time.Duration;

/**
 * Waits. Injected so that tests never really sleep and a webhook can cut a wait short.
 */
@FunctionalInterface
public interface Sleeper {

	void sleep(Duration duration) throws InterruptedException;

}
