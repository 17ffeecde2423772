package ai.avala.pipeline.schedule;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a (re)started scheduler does with fires it missed while it was down or busy: run once now for all of
 * them, or skip to the next regular fire.
 */
public enum MisfirePolicy {

	/** Fire once as soon as the miss is noticed; several missed fires still give one run. */
	RUN_ONCE("run-once"),
	/** Forget what was missed and wait for the next fire. */
	SKIP("skip");

	private final String word;

	MisfirePolicy(String word) {
		this.word = word;
	}

	/** The word used in schedule files. */
	public String word() {
		return this.word;
	}

	static Optional<MisfirePolicy> of(String word) {
		return Arrays.stream(values()).filter((policy) -> policy.word.equals(word)).findFirst();
	}

}
