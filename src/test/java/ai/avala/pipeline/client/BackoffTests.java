package ai.avala.pipeline.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff atMaximum = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 1.0);

	@Test
	void ceilingDoublesWithEachRetry() {
		assertThat(this.atMaximum.delay(0)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.atMaximum.delay(1)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.atMaximum.delay(3)).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void ceilingIsCapped() {
		assertThat(this.atMaximum.delay(10)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.atMaximum.delay(100)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void jitterIsFullFromZeroToTheCeiling() {
		Backoff atMinimum = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.0);
		Backoff halfway = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 0.5);
		assertThat(atMinimum.delay(5)).isZero();
		assertThat(halfway.delay(2)).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void throttleWaitIsRetryAfterPlusJitter() {
		assertThat(this.atMaximum.throttleDelay(Duration.ofSeconds(3), 0)).isEqualTo(Duration.ofMillis(3100));
	}

	@Test
	void throttleWithoutRetryAfterBacksOff() {
		assertThat(this.atMaximum.throttleDelay(null, 1)).isEqualTo(Duration.ofMillis(200));
	}

}
