package ai.avala.pipeline.cli;

import ai.avala.pipeline.preflight.Check;
import ai.avala.pipeline.preflight.PreflightReport;

/**
 * The preflight found problems, so the run did not start: no job execution, nothing sent but reads. Names every
 * problem in one line; the exit code follows the worst kind (bad input 3, refused 4, API unreachable 5).
 */
final class PreflightRefusedException extends RuntimeException {

	private final ExitCode exitCode;

	PreflightRefusedException(String run, PreflightReport report) {
		super("preflight refused run " + run + " before any side effect (nothing was created): "
				+ report.failures().size() + " problem(s): " + report.failureLine());
		this.exitCode = exitCode(report);
	}

	ExitCode exitCode() {
		return this.exitCode;
	}

	static ExitCode exitCode(PreflightReport report) {
		return report.worstKind().map(PreflightRefusedException::exitCode).orElse(ExitCode.COMPLETED);
	}

	private static ExitCode exitCode(Check.Kind kind) {
		return switch (kind) {
			case USAGE -> ExitCode.USAGE;
			case BAD_INPUT -> ExitCode.BAD_INPUT;
			case REFUSED -> ExitCode.REFUSED;
			case UNREACHABLE -> ExitCode.FAILED;
		};
	}

}
