package ai.avala.pipeline.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The run lease. Bound from {@code avala.pipeline.*}.
 *
 * @param leaseTtl how long a lease outlives its last heartbeat; a process that has not renewed its lease for
 *     this long counts as dead, and its run may be recovered by another process (on another host too). The
 *     holder renews every sixth of it. Longer survives longer database outages and pauses; shorter lets another
 *     host take over a crashed run sooner (on the same machine a dead owner is recognised at once).
 */
@ConfigurationProperties("avala.pipeline")
public record LeaseProperties(@DefaultValue("60s") Duration leaseTtl) {

	private static final Duration MIN = Duration.ofSeconds(1);

	private static final Duration MAX = Duration.ofHours(1);

	public LeaseProperties {
		if (leaseTtl == null || leaseTtl.compareTo(MIN) < 0 || leaseTtl.compareTo(MAX) > 0) {
			throw new IllegalArgumentException(
					"avala.pipeline.lease-ttl must be between 1s and 1h (e.g. 60s), was " + leaseTtl);
		}
	}

	/** How often the holder renews: six chances to renew before the lease runs out. */
	public Duration heartbeat() {
		return this.leaseTtl.dividedBy(6);
	}

}
