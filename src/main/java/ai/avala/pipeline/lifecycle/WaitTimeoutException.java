package ai.avala.pipeline.lifecycle;

import java.time.Duration;

/**
 * A wait ran out of time (dataset readiness, annotation, export). The run is restartable: a restart waits again.
 */
public class WaitTimeoutException extends RuntimeException {

	public WaitTimeoutException(String what, Duration timeout, String lastSeen) {
		super("timed out after " + timeout + " waiting for " + what + " (last seen: " + lastSeen
				+ "); restart the run to keep waiting, or raise poll.timeout");
	}

}
