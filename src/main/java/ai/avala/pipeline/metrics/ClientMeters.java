package ai.avala.pipeline.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The one hook of the HTTP client: every API call, storage call, retry decision and wait is told here, once,
 * from the single place it happens ({@code AvalaHttp}, {@code StorageClient}, {@code Retrier},
 * {@code RateBudget}), and counted both in the meters (docs/metrics.md) and in the ledger of the run the calling
 * thread works for ({@link CallScope}). Labels are bounded by construction: a route is a template of the
 * contract's paths (never a UID, a query or a URL), a status is an HTTP code or one of two words.
 */
public final class ClientMeters {

	/** The route label of every storage call (presigned PUT/POST, export download): never its URL. */
	public static final String STORAGE = "storage";

	private final Meter.MeterProvider<Timer> requests;

	private final Meter.MeterProvider<Counter> retries;

	private final Meter.MeterProvider<Timer> throttleWaits;

	private final Timer budgetWaits;

	public ClientMeters(MeterRegistry registry) {
		this.requests = Timer.builder("avala.http.requests")
			.description("HTTP requests the tool sent, API and storage (route=storage), by method, route and status")
			.withRegistry(registry);
		this.retries = Counter.builder("avala.retries")
			.description("Retries decided by the retry policy, by route and reason (429, 5xx, connection, timeout)")
			.withRegistry(registry);
		this.throttleWaits = Timer.builder("avala.throttle.waits")
			.description("429 answers waited out (Retry-After honoured), by route; the sum is the time waited")
			.withRegistry(registry);
		this.budgetWaits = Timer.builder("avala.rate.budget.waits")
			.description("Waits before a call because the server's X-RateLimit-Remaining budget was spent")
			.register(registry);
	}

	/** For code and tests without a registry: counts into the run's ledger only. */
	public static ClientMeters none() {
		return new ClientMeters(new CompositeMeterRegistry());
	}

	/**
	 * An API call ended.
	 * @param route the path's template ({@code /datasets/{uid}/}), never a raw path
	 * @param status the HTTP status, or {@code timeout} / {@code connection} when no answer came
	 */
	public void apiCall(String method, String route, String status, long nanos) {
		this.requests.withTags("method", method, "route", route, "status", status).record(nanos, TimeUnit.NANOSECONDS);
		CallLedger ledger = CallScope.current();
		if (ledger != null) {
			ledger.apiCall(method, route, status);
		}
	}

	/** A call to a storage URL ended; the URL (a credential until it expires) is never a label. */
	public void storageCall(String method, String status, long nanos) {
		this.requests.withTags("method", method, "route", STORAGE, "status", status)
			.record(nanos, TimeUnit.NANOSECONDS);
		CallLedger ledger = CallScope.current();
		if (ledger != null) {
			ledger.storageCall(method, status);
		}
	}

	/** The retry policy decided to send a failed call again. */
	public void retry(String route, String reason) {
		this.retries.withTags("route", route, "reason", reason).increment();
		CallLedger ledger = CallScope.current();
		if (ledger != null) {
			ledger.retry(reason);
		}
	}

	/** A 429 is being waited out for {@code wait} before the call is sent again. */
	public void throttleWait(String route, Duration wait) {
		this.throttleWaits.withTags("route", route).record(wait);
		CallLedger ledger = CallScope.current();
		if (ledger != null) {
			ledger.throttleWait(wait);
		}
	}

	/** A call waited {@code waited} for the rate budget's reset before it was sent. */
	public void budgetWait(Duration waited) {
		this.budgetWaits.record(waited);
	}

	/** The status label of an HTTP answer: its code, or {@code other} for a code outside 100..599. */
	public static String status(int code) {
		return (code >= 100 && code <= 599) ? Integer.toString(code) : "other";
	}

}
