package ai.avala.pipeline.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import ai.avala.pipeline.definition.JobDefinitionLoader;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.lifecycle.RunParameters;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A run named on the command line as {@code <executionId>} or {@code <job-file> [runDate=yyyy-MM-dd]} (default
 * today, UTC, as for {@code run}): its last execution, which carries the run's record.
 */
final class RunTarget {

	private RunTarget() {
	}

	static JobExecution find(JobRepository repository, String target, List<String> parameters) {
		if (target.matches("\\d{1,18}")) {
			if (!parameters.isEmpty()) {
				throw new UsageException("an execution id names its run; drop " + String.join(" ", parameters));
			}
			return Executions.find(repository, Long.parseLong(target));
		}
		Map<String, String> overrides = RunCommand.keyValues(parameters);
		LocalDate runDate = RunCommand.runDate(overrides.remove(RunParameters.RUN_DATE));
		Path jobFile = Path.of(target);
		String name = JobDefinitionLoader.load(jobFile, overrides).name();
		JobParameters run = RunParameters.of(jobFile, name, runDate, overrides);
		JobExecution last = repository.getLastJobExecution(AnnotationLifecycleJobConfiguration.JOB_NAME, run);
		if (last == null) {
			throw new UsageException("no run " + name + " " + runDate + " in the job repository; 'status' lists the "
					+ "runs (give runDate=yyyy-MM-dd for another day than today)");
		}
		return last;
	}

}
