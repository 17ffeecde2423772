package ai.avala.pipeline.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.Retrier;
import ai.avala.pipeline.lifecycle.RunRecord.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;

/**
 * Creates each of the run's remote resources at most once and records its UID: the one place that does "record
 * create-sent, look up or create, record the UID". The API has no idempotency keys, so:
 * <ul>
 * <li>the moment of sending is recorded (durably) before the create goes out, and the UID as soon as it is known;
 * <li>a definite refusal (429, or another 4xx) proves the create did not happen: it is retried (429) or fails;
 * <li>any other failure (timeout, dropped connection, 5xx) is ambiguous: the service may finish the create after the
 * gateway gave up, so an empty look-up right after it proves nothing (contract §8). The resource is looked up
 * repeatedly until the settle window has passed since the ambiguous answer, and the create is sent again only if
 * it never shows up;
 * <li>a create sent by an earlier attempt that never heard back (a crash) is ambiguous the same way; its answer could
 * have come as late as the call timeout after sending, so the window runs from then. A restart hours later looks once.
 * </ul>
 */
public class CreateOnce {

	private static final Logger log = LoggerFactory.getLogger(CreateOnce.class);

	private final RunState state;

	private final Retrier retrier;

	private final Clock clock;

	private final Duration settleWindow;

	private final Duration callTimeout;

	/**
	 * @param settleWindow how long after an ambiguous answer a create may still take effect
	 * @param callTimeout the longest an answer to a create could have taken, for a send whose answer was never heard
	 */
	public CreateOnce(RunState state, Retrier retrier, Clock clock, Duration settleWindow, Duration callTimeout) {
		this.state = state;
		this.retrier = retrier;
		this.clock = clock;
		this.settleWindow = settleWindow;
		this.callTimeout = callTimeout;
	}

	/**
	 * The resource's UID: the one recorded, else the one found or created now (and recorded).
	 * @param what the resource, for log lines
	 * @param lookup finds the resource's UID if it exists
	 * @param create sends the create request once and returns the new resource's UID
	 */
	public String uid(StepExecution step, Resource resource, String what, Supplier<Optional<String>> lookup,
			Supplier<String> create) {
		RunRecord.Remote recorded = this.state.read(step).remote(resource);
		if (recorded.uid() != null) {
			return recorded.uid();
		}
		Instant ambiguousSend = recorded.createSent();
		Instant settleUntil = null;
		if (ambiguousSend != null) {
			settleUntil = ambiguousSend.plus(this.callTimeout).plus(this.settleWindow);
			log.info("An earlier attempt sent the create of the {} at {} and never heard back; looking it up first",
					what, ambiguousSend);
		}
		Retrier.Attempts attempts = new Retrier.Attempts();
		while (true) {
			if (settleUntil != null) {
				Optional<String> found = lookUntil(what, lookup, settleUntil);
				if (found.isPresent()) {
					log.info("Found the {} an earlier attempt created ({}); not creating it again", what, found.get());
					return record(step, resource, found.get());
				}
			}
			Instant sent = this.clock.instant();
			this.state.update(step, (r) -> r.withCreateSent(resource, sent));
			try {
				return record(step, resource, create.get());
			}
			catch (RuntimeException failure) {
				if (refused(failure)) {
					Instant before = ambiguousSend;
					this.state.update(step, (r) -> r.withCreateSent(resource, before));
					Duration wait = this.retrier.nextWait(failure, attempts);
					log.warn("Creating the {} was refused, retrying in {} ms: {}", what, wait.toMillis(),
							failure.getMessage());
					this.retrier.pause(wait);
				}
				else {
					ambiguousSend = sent;
					settleUntil = later(settleUntil, this.clock.instant().plus(this.settleWindow));
					this.retrier.nextWait(failure, attempts);
					log.warn("Creating the {} got no definite answer ({}); it may still happen on the Avala side",
							what, failure.getMessage());
				}
			}
		}
	}

	/**
	 * Looks the resource up until it is found or {@code deadline} has passed; between look-ups the pause doubles from
	 * a sixtieth of the window up to a sixth of it, so a window of 2 minutes costs about ten look-ups.
	 */
	private Optional<String> lookUntil(String what, Supplier<Optional<String>> lookup, Instant deadline) {
		Optional<String> found = lookup.get();
		if (found.isPresent() || !this.clock.instant().isBefore(deadline)) {
			return found;
		}
		log.info("Found no {} yet, which is inconclusive after an ambiguous answer (the create may still happen on "
				+ "the Avala side): looking again until {} before sending it again", what,
				deadline.truncatedTo(ChronoUnit.SECONDS));
		Duration pause = max(this.settleWindow.dividedBy(60), Duration.ofMillis(10));
		Duration longest = max(this.settleWindow.dividedBy(6), pause);
		while (true) {
			Duration left = Duration.between(this.clock.instant(), deadline);
			if (left.isNegative() || left.isZero()) {
				log.info("No {} appeared by {}: the create did not happen; sending it again", what,
						deadline.truncatedTo(ChronoUnit.SECONDS));
				return Optional.empty();
			}
			this.retrier.pause(min(pause, left));
			found = lookup.get();
			if (found.isPresent()) {
				return found;
			}
			pause = min(pause.multipliedBy(2), longest);
		}
	}

	private String record(StepExecution step, Resource resource, String uid) {
		this.state.update(step, (r) -> r.withUid(resource, uid));
		return uid;
	}

	/**
	 * A definite refusal: the service answered that it did not do it (any 4xx but 408, which a gateway may send
	 * while the service is still working).
	 */
	private static boolean refused(RuntimeException failure) {
		return failure instanceof AvalaApiException api && api.status() >= 400 && api.status() < 500
				&& api.status() != 408;
	}

	private static Instant later(Instant a, Instant b) {
		return (a == null || b.isAfter(a)) ? b : a;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
