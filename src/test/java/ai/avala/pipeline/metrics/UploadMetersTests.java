package ai.avala.pipeline.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UploadMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final UploadMeters meters = new UploadMeters(this.registry);

	@Test
	void theGaugesSumTheUploadsRunningAndKeepTheLastOnesOnceNoneRuns() {
		// given: two uploads at once (two runs of the scheduler), with their own limits
		AtomicInteger firstLimit = new AtomicInteger(16);
		AtomicLong firstFiles = new AtomicLong(40);
		UploadMeters.Upload first = this.meters.start(firstFiles::get, () -> 4000, firstLimit::get);
		UploadMeters.Upload second = this.meters.start(() -> 10, () -> 1000, () -> 4);
		// then
		assertThat(gauge("avala.upload.concurrency.limit")).isEqualTo(20);
		assertThat(gauge("avala.uploads.active")).isEqualTo(2);
		assertThat(gauge("avala.upload.files.per.second")).isPositive();
		// when: the limit adapts, then both end, the first one last
		firstLimit.set(8);
		assertThat(gauge("avala.upload.concurrency.limit")).isEqualTo(12);
		second.close();
		first.close();
		// then: the last upload's final values stay
		assertThat(gauge("avala.uploads.active")).isZero();
		assertThat(gauge("avala.upload.concurrency.limit")).isEqualTo(8);
		firstFiles.set(1_000_000);
		assertThat(gauge("avala.upload.files.per.second")).as("frozen at the end").isLessThan(1_000_000);
	}

	@Test
	void filesAndBytesAreCountedByOutcome() {
		// given
		UploadMeters.Upload upload = this.meters.start(() -> 0, () -> 0, () -> 1);
		// when
		upload.fileUploaded(100);
		upload.fileUploaded(50);
		upload.fileFailed(7);
		// then
		assertThat(this.registry.get("avala.upload.files").tag("outcome", "uploaded").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("avala.upload.files").tag("outcome", "failed").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("avala.upload").tag("outcome", "uploaded").counter().count()).isEqualTo(150);
		assertThat(this.registry.get("avala.upload").tag("outcome", "failed").counter().count()).isEqualTo(7);
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
