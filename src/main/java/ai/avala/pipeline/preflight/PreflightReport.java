package ai.avala.pipeline.preflight;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.avala.pipeline.manifest.ValidationReport;

/**
 * Everything one preflight found, in one pass: one {@link Check} per line, and what a dry run prints besides
 * (the manifest's counts, the template's task type).
 */
public final class PreflightReport {

	private final List<Check> checks = new ArrayList<>();

	private ValidationReport manifest;

	private String templateTaskType;

	void add(Check check) {
		this.checks.add(check);
	}

	void manifest(ValidationReport report) {
		this.manifest = report;
	}

	void templateTaskType(String taskType) {
		this.templateTaskType = taskType;
	}

	public List<Check> checks() {
		return List.copyOf(this.checks);
	}

	public Optional<ValidationReport> manifest() {
		return Optional.ofNullable(this.manifest);
	}

	public Optional<String> templateTaskType() {
		return Optional.ofNullable(this.templateTaskType);
	}

	public List<Check> failures() {
		return this.checks.stream().filter(Check::failed).toList();
	}

	public boolean passed() {
		return failures().isEmpty();
	}

	/**
	 * The kind that decides the exit code when several failed: a missing key first (nothing remote could be
	 * checked), then bad input (fix the files), then a refusal, then an API that could not be asked.
	 */
	public Optional<Check.Kind> worstKind() {
		for (Check.Kind kind : Check.Kind.values()) {
			if (failures().stream().anyMatch((check) -> check.kind() == kind)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

	/** Prints each check on its line (with its problems indented below it), then the summary. */
	public void print(PrintStream out, String indent) {
		for (Check check : this.checks) {
			out.println(indent + check.line());
			check.problems().forEach((problem) -> out.println(indent + "    " + problem));
		}
		out.println(indent + summary());
	}

	/** e.g. {@code 12 checks: 8 ok, 1 FAILED (template), 3 unknown until first write}. */
	public String summary() {
		StringBuilder summary = new StringBuilder(this.checks.size() + " checks: ");
		List<String> parts = new ArrayList<>();
		for (Check.Outcome outcome : Check.Outcome.values()) {
			List<Check> these = this.checks.stream().filter((check) -> check.outcome() == outcome).toList();
			if (!these.isEmpty()) {
				String names = (outcome == Check.Outcome.FAILED || outcome == Check.Outcome.WARNING)
						? " (" + String.join(", ", these.stream().map(Check::name).toList()) + ")" : "";
				parts.add(these.size() + " " + outcome.word() + names);
			}
		}
		return summary.append(String.join(", ", parts)).toString();
	}

	/** The failures in one line, for the error line of a refused run: {@code name: detail; name: detail}. */
	public String failureLine() {
		return String.join("; ", failures().stream().map((check) -> check.name() + ": " + check.detail()).toList());
	}

}
