package ai.avala.pipeline.metrics;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallLedgerTests {

	@Test
	void callsCountOnlyInTheLedgerOfTheThreadThatMadeThem() throws Exception {
		// given: two runs' ledgers, one bound here, one on another thread, sharing one hook
		ClientMeters meters = ClientMeters.none();
		CallLedger mine = new CallLedger();
		CallLedger theirs = new CallLedger();
		// when
		try (CallScope.Binding binding = CallScope.open(mine)) {
			meters.apiCall("GET", "/datasets/{uid}/", "200", 1);
			Thread other = new Thread(CallScope.carry(() -> meters.apiCall("GET", "/exports/", "503", 1)));
			other.start();
			other.join();
			Thread theirThread = new Thread(() -> {
				try (CallScope.Binding their = CallScope.open(theirs)) {
					meters.storageCall("PUT", "200", 1);
					meters.retry("storage", "5xx");
				}
			});
			theirThread.start();
			theirThread.join();
			meters.throttleWait("/projects/{uid}/approve/", Duration.ofMillis(1500));
		}
		meters.apiCall("GET", "/organizations/", "200", 1);
		// then
		CallCounts counts = mine.snapshot();
		assertThat(counts.apiByRoute()).isEqualTo(
				Map.of("GET /datasets/{uid}/", Map.of("200", 1L), "GET /exports/", Map.of("503", 1L)));
		assertThat(counts.storageCalls()).isZero();
		assertThat(counts.throttleWaits()).isOne();
		assertThat(counts.throttleWaitSeconds()).isEqualTo(1.5);
		assertThat(theirs.snapshot().storageByMethodAndStatus()).isEqualTo(Map.of("PUT 200", 1L));
		assertThat(theirs.snapshot().retriesByReason()).isEqualTo(Map.of("5xx", 1L));
		assertThat(CallScope.current()).isNull();
	}

	@Test
	void twoExecutionsCountsAddUp() {
		CallCounts first = new CallCounts(Map.of("GET /exports/", Map.of("200", 2L)), Map.of("PUT 200", 3L),
				Map.of("429", 1L), 1, 1.0);
		CallCounts second = new CallCounts(Map.of("GET /exports/", Map.of("200", 1L, "503", 1L)), Map.of(),
				Map.of("5xx", 1L), 0, 0);
		CallCounts sum = first.plus(second);
		assertThat(sum.apiByStatus()).isEqualTo(Map.of("200", 3L, "503", 1L));
		assertThat(sum.apiCalls()).isEqualTo(4);
		assertThat(sum.storageCalls()).isEqualTo(3);
		assertThat(sum.retriesByReason()).isEqualTo(Map.of("429", 1L, "5xx", 1L));
		assertThat(sum.throttleWaits()).isOne();
	}

}
