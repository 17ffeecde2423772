package ai.avala.pipeline.cli;

import java.util.ArrayList;
import java.util.List;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.AvalaAuthenticationException;
import ai.avala.pipeline.client.AvalaPlanException;
import ai.avala.pipeline.client.AvalaScopeException;
import ai.avala.pipeline.client.StorageException;
import ai.avala.pipeline.database.DatabaseUnavailableException;
import ai.avala.pipeline.lease.LeaseHeldException;
import ai.avala.pipeline.lifecycle.ExportFailedException;
import ai.avala.pipeline.client.AvalaForbiddenException;
import ai.avala.pipeline.client.AvalaNotFoundException;
import ai.avala.pipeline.definition.JobDefinitionException;
import ai.avala.pipeline.lifecycle.ManifestInvalidException;
import ai.avala.pipeline.lifecycle.ProjectEndedException;
import ai.avala.pipeline.lifecycle.WaitTimeoutException;
import ai.avala.pipeline.manifest.ManifestException;
import ai.avala.pipeline.schedule.ScheduleDefinitionException;
import ai.avala.pipeline.upload.UploadIncompleteException;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * Maps how a job execution ended to an exit code and the one failure that explains it. The failure is found
 * by type anywhere in the cause chain, since Spring Batch and Reactor may wrap it.
 */
final class FailureClassifier {

	private FailureClassifier() {
	}

	/** The failure that ended the execution: the failed step's, else the job's own. */
	static Throwable failure(JobExecution execution) {
		List<Throwable> failures = new ArrayList<>();
		for (StepExecution step : execution.getStepExecutions()) {
			failures.addAll(step.getFailureExceptions());
		}
		failures.addAll(execution.getFailureExceptions());
		return failures.isEmpty() ? null : failures.get(0);
	}

	static String failedStep(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter((s) -> s.getStatus() == BatchStatus.FAILED || s.getStatus() == BatchStatus.STOPPED)
			.map(StepExecution::getStepName)
			.findFirst()
			.orElse(null);
	}

	static ExitCode exitCode(JobExecution execution) {
		return switch (execution.getStatus()) {
			case COMPLETED -> ExitCode.COMPLETED;
			case STOPPED, STOPPING -> ExitCode.STOPPED;
			default -> exitCode(failure(execution));
		};
	}

	static ExitCode exitCode(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			ExitCode code = direct(cause);
			if (code != null) {
				return code;
			}
		}
		return ExitCode.FAILED;
	}

	private static ExitCode direct(Throwable failure) {
		if (failure instanceof UsageException || failure instanceof ScheduleDefinitionException
				|| failure instanceof org.springframework.boot.context.properties.bind.BindException) {
			return ExitCode.USAGE;
		}
		if (failure instanceof JobDefinitionException || failure instanceof ManifestInvalidException
				|| failure instanceof ManifestException) {
			return ExitCode.BAD_INPUT;
		}
		if (failure instanceof UploadIncompleteException upload) {
			return upload.localFileChanged() ? ExitCode.BAD_INPUT : ExitCode.FAILED;
		}
		if (failure instanceof AvalaAuthenticationException || failure instanceof AvalaForbiddenException
				|| failure instanceof AvalaNotFoundException) {
			return ExitCode.REFUSED;
		}
		if (failure instanceof WaitTimeoutException) {
			return ExitCode.TIMED_OUT;
		}
		if (failure instanceof ProjectEndedException) {
			return ExitCode.PROJECT_ENDED;
		}
		if (failure instanceof LeaseHeldException) {
			return ExitCode.BUSY;
		}
		if (failure instanceof PreflightRefusedException refused) {
			return refused.exitCode();
		}
		if (failure instanceof DatabaseUnavailableException database) {
			return database.configuration() ? ExitCode.USAGE : ExitCode.FAILED;
		}
		return null;
	}

	/** What the user should do about a failure the API refused, or null when the message says it already. */
	static String hint(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof AvalaAuthenticationException) {
				return "check AVALA_API_KEY: it must be a valid, unexpired Avala API key";
			}
			if (cause instanceof AvalaScopeException scope) {
				return "use an API key with the scope " + scope.requiredScope() + " (or a key with no scope limits)";
			}
			if (cause instanceof AvalaPlanException) {
				return "the organisation needs the PRO or ENTERPRISE plan for the pipeline";
			}
			if (cause instanceof AvalaNotFoundException) {
				return "check the UID (templateProjectUid in the job file) and that this key's organisation can see it";
			}
		}
		return null;
	}

	/** Whether the failure is one the tool understands (and reports in one line) rather than a bug. */
	static boolean expected(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (direct(cause) != null || cause instanceof AvalaApiException || cause instanceof StorageException
					|| cause instanceof ExportFailedException || cause instanceof UploadIncompleteException) {
				return true;
			}
		}
		return false;
	}

	/** The most telling message in the chain: the classified failure's own, else the root's. */
	static String message(Throwable failure) {
		Throwable pick = failure;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (direct(cause) != null) {
				return (cause instanceof org.springframework.boot.context.properties.bind.BindException)
						? deepest(cause).getMessage() : cause.getMessage();
			}
			pick = cause;
		}
		return (pick.getMessage() != null) ? pick.getMessage() : pick.getClass().getSimpleName();
	}

	/** A bad property: Boot's message names only the prefix; the validating constructor's says what is wrong. */
	private static Throwable deepest(Throwable failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest && deepest.getCause().getMessage() != null) {
			deepest = deepest.getCause();
		}
		return deepest;
	}

}
