package ai.avala.pipeline.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most recent requests the sandbox answered. Bounded, because benchmarks send millions of
 * PUTs and nobody asserts on the first of them.
 */
final class RequestLog {

	static final int CAPACITY = 500_000;

	private final ConcurrentLinkedDeque<RecordedRequest> entries = new ConcurrentLinkedDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	void add(RecordedRequest request) {
		entries.addLast(request);
		if (size.incrementAndGet() > CAPACITY && entries.pollFirst() != null) {
			size.decrementAndGet();
		}
	}

	List<RecordedRequest> snapshot() {
		return new ArrayList<>(entries);
	}

}
