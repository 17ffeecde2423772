package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Simulated time of the sandbox: real elapsed time multiplied by a speed, plus manual jumps. Every
 * delay the sandbox simulates (indexing, annotation, export, URL expiry) reads this clock, so tests
 * can {@link #advance(Duration)} instead of sleeping.
 */
public final class SandboxClock {

	/** The simulated instant at one real moment; immutable so readers never lock. */
	private record Anchor(Instant simulated, long realNanos, double speed) {

		Instant at(long nanos) {
			return simulated.plusNanos((long) ((nanos - realNanos) * speed));
		}

	}

	private final AtomicReference<Anchor> anchor;

	SandboxClock(double speed) {
		this.anchor = new AtomicReference<>(new Anchor(Instant.now(), System.nanoTime(), speed));
	}

	public Instant now() {
		return anchor.get().at(System.nanoTime());
	}

	public double speed() {
		return anchor.get().speed();
	}

	public void setSpeed(double speed) {
		if (!(speed > 0)) {
			throw new IllegalArgumentException("speed must be > 0: " + speed);
		}
		anchor.updateAndGet((a) -> {
			long nanos = System.nanoTime();
			return new Anchor(a.at(nanos), nanos, speed);
		});
	}

	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("time only moves forward: " + duration);
		}
		anchor.updateAndGet((a) -> {
			long nanos = System.nanoTime();
			return new Anchor(a.at(nanos).plus(duration), nanos, a.speed());
		});
	}

	/** Real time until a simulated instant arrives at the current speed (zero if it has passed). */
	Duration realUntil(Instant simulated) {
		Anchor a = anchor.get();
		long simNanos = Duration.between(a.at(System.nanoTime()), simulated).toNanos();
		return (simNanos <= 0) ? Duration.ZERO : Duration.ofNanos((long) (simNanos / a.speed()));
	}

}
