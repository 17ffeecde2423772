package ai.avala.pipeline.upload;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitTests {

	private final AtomicLong nanos = new AtomicLong();

	@Test
	void growsWhileThroughputGrows() throws InterruptedException {
		// given
		AdaptiveLimit limit = new AdaptiveLimit(8, 64, Long.MAX_VALUE, this.nanos::get);
		// when: each window moves the same bytes in less time than the one before
		for (int window = 0; window < 4; window++) {
			completeWindow(limit, 1000, 1_000_000_000L / (window + 1), false);
		}
		// then
		assertThat(limit.limit()).isGreaterThan(8);
	}

	@Test
	void halvesWhenTheServerPushesBack() throws InterruptedException {
		AdaptiveLimit limit = new AdaptiveLimit(16, 64, Long.MAX_VALUE, this.nanos::get);
		completeWindow(limit, 1000, 1_000_000_000L, true);
		assertThat(limit.limit()).isEqualTo(8);
	}

	@Test
	void neverGrowsPastTheMaximum() throws InterruptedException {
		AdaptiveLimit limit = new AdaptiveLimit(8, 10, Long.MAX_VALUE, this.nanos::get);
		for (int window = 0; window < 10; window++) {
			completeWindow(limit, 1000, 1_000_000_000L / (window + 1), false);
		}
		assertThat(limit.limit()).isEqualTo(10);
	}

	@Test
	void largeFilesTakeAtMostHalfTheSlots() throws Exception {
		// given: 4 slots, two of them taken by large files
		AdaptiveLimit limit = new AdaptiveLimit(4, 4, Long.MAX_VALUE, this.nanos::get);
		limit.acquire(AdaptiveLimit.LARGE_FILE);
		limit.acquire(AdaptiveLimit.LARGE_FILE);
		// when
		CompletableFuture<Void> thirdLarge = CompletableFuture.runAsync(() -> acquire(limit, AdaptiveLimit.LARGE_FILE));
		limit.acquire(100);
		// then: a small file still got a slot, the third large file waits for a large one to finish
		assertThat(thirdLarge).isNotDone();
		limit.release(AdaptiveLimit.LARGE_FILE, false);
		thirdLarge.get(5, TimeUnit.SECONDS);
	}

	@Test
	void bytesInFlightAreBounded() throws Exception {
		AdaptiveLimit limit = new AdaptiveLimit(8, 8, 1000, this.nanos::get);
		limit.acquire(600);
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> acquire(limit, 600));
		assertThat(second).isNotDone();
		limit.release(600, false);
		second.get(5, TimeUnit.SECONDS);
	}

	@Test
	void aFileLargerThanTheByteBudgetStillGoesAlone() throws InterruptedException {
		AdaptiveLimit limit = new AdaptiveLimit(8, 8, 1000, this.nanos::get);
		limit.acquire(5000);
		limit.release(5000, false);
		assertThat(limit.limit()).isEqualTo(8);
	}

	private void completeWindow(AdaptiveLimit limit, long bytes, long windowNanos, boolean pushback)
			throws InterruptedException {
		// The window closes on the release that reaches 2 x limit files; its time passes before that.
		this.nanos.addAndGet(windowNanos);
		int files = 2 * limit.limit();
		for (int i = 0; i < files; i++) {
			limit.acquire(bytes);
			limit.release(bytes, pushback && i == 0);
		}
	}

	private static void acquire(AdaptiveLimit limit, long size) {
		try {
			limit.acquire(size);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
