package ai.avala.pipeline.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * How one route misbehaves. Rates are probabilities per request; {@code failFirst} makes the next N
 * requests fail deterministically, cycling through {@code errorStatuses} (a status {@code 0} there
 * means "drop the connection"). With {@code failAfterEffect} the sandbox performs the request's
 * side effect first and then fails, which simulates an answer lost on the way back.
 *
 * @param errorRate probability of an error answer with one of {@code errorStatuses}
 * @param errorStatuses statuses to fail with; empty means 503
 * @param latency delay before answering
 * @param dropRate probability of closing the connection without an answer
 * @param throttleRate probability of a 429 with {@code Retry-After: 1}
 * @param failFirst number of next requests that fail deterministically
 * @param failAfterEffect fail after performing the side effect rather than before
 * @param effectDelay when positive, a failing request still takes effect, this long after its answer
 */
public record FaultRule(double errorRate, List<Integer> errorStatuses, Duration latency, double dropRate,
		double throttleRate, int failFirst, boolean failAfterEffect, Duration effectDelay) {

	public FaultRule {
		errorStatuses = (errorStatuses == null) ? List.of() : List.copyOf(errorStatuses);
		latency = (latency == null) ? Duration.ZERO : latency;
		effectDelay = (effectDelay == null) ? Duration.ZERO : effectDelay;
		if (effectDelay.isNegative()) {
			throw new IllegalArgumentException("effectDelay must be >= 0: " + effectDelay);
		}
		if (failFirst < 0) {
			throw new IllegalArgumentException("failFirst must be >= 0: " + failFirst);
		}
	}

	public static FaultRule none() {
		return new FaultRule(0, List.of(), Duration.ZERO, 0, 0, 0, false, Duration.ZERO);
	}

	public FaultRule withErrorRate(double errorRate) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withErrorStatuses(List<Integer> errorStatuses) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withErrorStatuses(Integer... errorStatuses) {
		return withErrorStatuses(List.of(errorStatuses));
	}

	public FaultRule withLatency(Duration latency) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withDropRate(double dropRate) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withThrottleRate(double throttleRate) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withFailFirst(int failFirst) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withFailAfterEffect(boolean failAfterEffect) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

	public FaultRule withEffectDelay(Duration effectDelay) {
		return new FaultRule(errorRate, errorStatuses, latency, dropRate, throttleRate, failFirst, failAfterEffect,
				effectDelay);
	}

}
