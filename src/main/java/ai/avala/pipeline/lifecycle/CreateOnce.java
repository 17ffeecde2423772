package ai.avala.pipeline.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import ai.avala.pipeline.client.AvalaRateLimitedException;
import ai.avala.pipeline.client.Retrier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a remote resource at most once. The API has no idempotency keys, so after any create whose answer
 * may have been lost (a connection fault, a timeout, a 5xx, or a crash of this process after sending), the
 * resource is looked up before the create is sent again. Only a 429 proves the create did not happen.
 */
final class CreateOnce {

	private static final Logger log = LoggerFactory.getLogger(CreateOnce.class);

	private CreateOnce() {
	}

	/**
	 * @param what the resource, for log lines
	 * @param mayExist whether an earlier attempt (perhaps by a process that died) may have created it
	 * @param lookup finds the resource if it exists
	 * @param create sends the create request once
	 */
	static <T> T create(Retrier retrier, String what, boolean mayExist, Supplier<Optional<T>> lookup,
			Supplier<T> create) {
		Retrier.Attempts attempts = new Retrier.Attempts();
		boolean lookFirst = mayExist;
		while (true) {
			if (lookFirst) {
				Optional<T> found = lookup.get();
				if (found.isPresent()) {
					log.info("Found the {} an earlier attempt created; not creating it again", what);
					return found.get();
				}
			}
			try {
				return create.get();
			}
			catch (RuntimeException failure) {
				Duration wait = retrier.nextWait(failure, attempts);
				lookFirst = lookFirst || !(failure instanceof AvalaRateLimitedException);
				log.warn("Creating the {} failed, looking it up and retrying in {} ms: {}", what, wait.toMillis(),
						failure.getMessage());
				retrier.pause(wait);
			}
		}
	}

}
