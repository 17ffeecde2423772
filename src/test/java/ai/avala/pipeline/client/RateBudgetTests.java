package ai.avala.pipeline.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateBudgetTests {

	private final Instant now = Instant.parse("2026-11-29T10:00:00Z");

	private final List<Duration> slept = new ArrayList<>();

	private final RateBudget budget = new RateBudget(Clock.fixed(this.now, ZoneOffset.UTC), this.slept::add);

	@Test
	void callsFreelyWhileTheServerReportsBudgetLeft() throws InterruptedException {
		this.budget.update(headers(5, this.now.plusSeconds(30)));
		for (int i = 0; i < 5; i++) {
			this.budget.acquire();
		}
		assertThat(this.slept).isEmpty();
	}

	@Test
	void waitsForTheResetOnceTheBudgetIsSpent() {
		// given: the budget is spent until the reset in 20 s; the sleeper records the wait, then ends the test
		RateBudget stopping = new RateBudget(Clock.fixed(this.now, ZoneOffset.UTC), (d) -> {
			this.slept.add(d);
			throw new InterruptedException("stop");
		});
		stopping.update(headers(0, this.now.plusSeconds(20)));
		// when
		try {
			stopping.acquire();
		}
		catch (InterruptedException expected) {
			// the wait was requested
		}
		// then
		assertThat(this.slept).singleElement().satisfies((d) -> assertThat(d).isBetween(Duration.ofSeconds(20),
				Duration.ofSeconds(21)));
	}

	@Test
	void answersWithoutRateHeadersChangeNothing() throws InterruptedException {
		this.budget.update(new HttpHeaders());
		this.budget.acquire();
		assertThat(this.slept).isEmpty();
	}

	private static HttpHeaders headers(long remaining, Instant reset) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-RateLimit-Limit", "100");
		headers.add("X-RateLimit-Remaining", Long.toString(remaining));
		headers.add("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
		return headers;
	}

}
