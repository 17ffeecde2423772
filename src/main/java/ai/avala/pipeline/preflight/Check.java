package ai.avala.pipeline.preflight;

import java.util.List;

/**
 * The outcome of one preflight check, as one line: its name, {@code ok}, {@code FAILED}, {@code warning},
 * {@code skipped} or {@code unknown until first write}, and what was found.
 *
 * @param name what was checked ({@code template}, {@code scope projects.read}, ...)
 * @param outcome how it came out
 * @param kind for a failure, what kind of problem (it picks the exit code); otherwise null
 * @param detail what was found, or why the check could not be made
 * @param problems more lines for the reader (the manifest's problems, one per line)
 */
public record Check(String name, Outcome outcome, Kind kind, String detail, List<String> problems) {

	public Check {
		problems = (problems != null) ? List.copyOf(problems) : List.of();
	}

	/** How a check came out. */
	public enum Outcome {

		OK("ok"), FAILED("FAILED"), WARNING("warning"), SKIPPED("skipped"), UNKNOWN("unknown until first write");

		private final String word;

		Outcome(String word) {
			this.word = word;
		}

		public String word() {
			return this.word;
		}

	}

	/** What a failure is, in the terms of the exit codes: a user's input, a refusal by the API, or neither. */
	public enum Kind {

		/** No API key at all: configuration (exit 2). */
		USAGE,
		/** The job file, its parameters or the manifest (exit 3). */
		BAD_INPUT,
		/** The key, plan, template or a scope refused (exit 4). */
		REFUSED,
		/** The API could not be asked (connection fault, 5xx after retries): exit 5, try again. */
		UNREACHABLE

	}

	static Check ok(String name, String detail) {
		return new Check(name, Outcome.OK, null, detail, null);
	}

	static Check failed(Kind kind, String name, String detail) {
		return new Check(name, Outcome.FAILED, kind, detail, null);
	}

	static Check warning(String name, String detail) {
		return new Check(name, Outcome.WARNING, null, detail, null);
	}

	static Check skipped(String name, String detail) {
		return new Check(name, Outcome.SKIPPED, null, detail, null);
	}

	static Check unknown(String name, String detail) {
		return new Check(name, Outcome.UNKNOWN, null, detail, null);
	}

	Check withProblems(List<String> lines) {
		return new Check(this.name, this.outcome, this.kind, this.detail, lines);
	}

	public boolean failed() {
		return this.outcome == Outcome.FAILED;
	}

	/** The check as the line {@code check} prints. */
	public String line() {
		return String.format("%-23s %-25s %s", this.name, this.outcome.word(), this.detail);
	}

}
