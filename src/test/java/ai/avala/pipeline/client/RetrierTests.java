package ai.avala.pipeline.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetrierTests {

	private final List<Duration> slept = new ArrayList<>();

	private final Retrier retrier = new Retrier(
			new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)),
			new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 1.0), this.slept::add);

	@Test
	void retriesServerErrorsUpToTheAttemptLimit() {
		// given
		AtomicInteger calls = new AtomicInteger();
		// when / then
		assertThatExceptionOfType(AvalaServerException.class).isThrownBy(() -> this.retrier.call("x", () -> {
			calls.incrementAndGet();
			throw new AvalaServerException(503, null, "GET", "/x/", "busy", null);
		}));
		assertThat(calls).hasValue(3);
		assertThat(this.slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
	}

	@Test
	void throttlingDoesNotCountAsAnAttempt() {
		// given
		AtomicInteger calls = new AtomicInteger();
		// when
		String result = this.retrier.call("x", () -> {
			if (calls.incrementAndGet() <= 4) {
				throw new AvalaRateLimitedException("GET", "/x/", "throttled", Duration.ofSeconds(1));
			}
			return "ok";
		});
		// then
		assertThat(result).isEqualTo("ok");
		assertThat(calls).hasValue(5);
		assertThat(this.slept).hasSize(4).allMatch((d) -> d.equals(Duration.ofMillis(1100)));
	}

	@Test
	void throttlingFailsOnceTheTotalWaitIsExceeded() {
		assertThatExceptionOfType(AvalaRateLimitedException.class).isThrownBy(() -> this.retrier.call("x", () -> {
			throw new AvalaRateLimitedException("GET", "/x/", "throttled", Duration.ofSeconds(4));
		}));
		assertThat(this.slept).hasSize(2);
	}

	@Test
	void notFoundIsThrownAtOnce() {
		AtomicInteger calls = new AtomicInteger();
		assertThatExceptionOfType(AvalaNotFoundException.class).isThrownBy(() -> this.retrier.call("x", () -> {
			calls.incrementAndGet();
			throw new AvalaNotFoundException(404, null, "GET", "/x/", "Not found.", null);
		}));
		assertThat(calls).hasValue(1);
		assertThat(this.slept).isEmpty();
	}

}
