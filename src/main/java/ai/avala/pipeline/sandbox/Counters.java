package ai.avala.pipeline.sandbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Side-effect counters that are not simply the size of a store. Adders because storage PUTs
 * increment from many threads at once.
 */
final class Counters {

	final AtomicInteger approvals = new AtomicInteger();

	final AtomicInteger webhooksRegistered = new AtomicInteger();

	final AtomicInteger webhookDeliveries = new AtomicInteger();

	final LongAdder filePuts = new LongAdder();

	final LongAdder apiRequests = new LongAdder();

	final LongAdder throttled = new LongAdder();

}
