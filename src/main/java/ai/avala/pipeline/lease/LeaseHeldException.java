package ai.avala.pipeline.lease;

import java.time.Instant;

/**
 * The run is leased by another live process (exit code 9): it is running there, and this process must not
 * touch it. Names the holder and until when its lease runs if it stops renewing.
 */
public class LeaseHeldException extends RuntimeException {

	private final String runKey;

	private final String holder;

	private final Instant expiresAt;

	LeaseHeldException(String runKey, String holder, Instant expiresAt) {
		super("run " + runKey + " is running in another process (" + holder + ", lease renewed until " + expiresAt
				+ "); wait for it to end, or stop it with 'stop <executionId>' ('status' shows the id)");
		this.runKey = runKey;
		this.holder = holder;
		this.expiresAt = expiresAt;
	}

	/** When the lease runs out unless its holder renews it (by the database's clock). */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	public String runKey() {
		return this.runKey;
	}

	public String holder() {
		return this.holder;
	}

}
