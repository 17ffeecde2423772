package ai.avala.pipeline.upload;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	void climbsByHalfAWindowWhileFilesWaitAndEachTakesOnlyTheStoresLatency() throws InterruptedException {
		// given: a far store: every file takes 40 ms whatever the number in flight, and the reader waits for slots
		AdaptiveLimit limit = new AdaptiveLimit(16, 256, Long.MAX_VALUE, this.nanos::get);
		// when
		for (int round = 0; round < 8; round++) {
			saturatedRound(limit, (n) -> 40_000_000L);
		}
		// then: 16 -> 24 -> 36 -> 54 ... (the rate-only climb adds an eighth at best)
		assertThat(limit.limit()).isGreaterThanOrEqualTo(54);
	}

	@Test
	void doesNotClimbFastWhenEachFileTakesLongerTheMoreAreInFlight() throws InterruptedException {
		// given: a resource the files share (CPU, a link): latency grows with the files in flight, the rate does not
		AdaptiveLimit limit = new AdaptiveLimit(16, 256, Long.MAX_VALUE, this.nanos::get);
		// when
		for (int round = 0; round < 8; round++) {
			saturatedRound(limit, (n) -> 2_500_000L * n);
		}
		// then
		assertThat(limit.limit()).isLessThan(24);
	}

	/**
	 * Fills every slot, parks one more file in acquire (the limit is saturated), then releases them all with the
	 * latency {@code latency(limit)} after that much time has passed.
	 */
	private void saturatedRound(AdaptiveLimit limit, java.util.function.IntToLongFunction latency)
			throws InterruptedException {
		int n = limit.limit();
		for (int i = 0; i < n; i++) {
			limit.acquire(1000);
		}
		CountDownLatch waiting = acquireInBackground(limit, 1000);
		assertBlocked(limit, waiting);
		long nanos = latency.applyAsLong(n);
		this.nanos.addAndGet(nanos);
		limit.release(1000, false, nanos);
		waiting.await();
		for (int i = 0; i < n; i++) {
			limit.release(1000, false, nanos);
		}
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
		CountDownLatch thirdLarge = acquireInBackground(limit, AdaptiveLimit.LARGE_FILE);
		// then: the third large file is blocked in acquire, while a small file still gets a slot
		assertBlocked(limit, thirdLarge);
		limit.acquire(100);
		// a small file's slot freeing is not a large file's slot: still blocked (it woke, checked, and waits again)
		limit.release(100, false);
		assertBlocked(limit, thirdLarge);
		// a large file finishing lets it go
		limit.release(AdaptiveLimit.LARGE_FILE, false);
		await("the third large file to start").atMost(Duration.ofMinutes(1)).until(() -> thirdLarge.getCount() == 0);
	}

	@Test
	void bytesInFlightAreBounded() throws Exception {
		// given: 900 of 1000 bytes in flight
		AdaptiveLimit limit = new AdaptiveLimit(8, 8, 1000, this.nanos::get);
		limit.acquire(600);
		limit.acquire(300);
		// when
		CountDownLatch next = acquireInBackground(limit, 600);
		// then: blocked while 600 + 600 would exceed the budget, released when it fits
		assertBlocked(limit, next);
		limit.release(300, false);
		assertBlocked(limit, next);
		limit.release(600, false);
		await("the file to start").atMost(Duration.ofMinutes(1)).until(() -> next.getCount() == 0);
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

	/** Starts {@code acquire(size)} on its own thread; the latch opens once it returned. */
	private static CountDownLatch acquireInBackground(AdaptiveLimit limit, long size) {
		CountDownLatch acquired = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			try {
				limit.acquire(size);
				acquired.countDown();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "acquire-" + size);
		thread.setDaemon(true);
		thread.start();
		return acquired;
	}

	/**
	 * Proves the caller is parked inside {@code acquire} (waiting for a release), not merely not yet run: a
	 * non-blocking acquire never shows up as waiting and opens its latch instead.
	 */
	private static void assertBlocked(AdaptiveLimit limit, CountDownLatch acquired) {
		await("a caller parked in acquire").atMost(Duration.ofMinutes(1))
			.until(() -> limit.waiting() == 1 || acquired.getCount() == 0);
		assertThat(acquired.getCount()).as("acquire returned although no slot fits").isEqualTo(1);
		assertThat(limit.waiting()).isEqualTo(1);
	}

}
