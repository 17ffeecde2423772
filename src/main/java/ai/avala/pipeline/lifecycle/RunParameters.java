package ai.avala.pipeline.lifecycle;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.JobDefinitionLoader;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of one run. {@code name} and {@code runDate} identify the run (the same pair restarts
 * the same job instance); {@code jobFile} and any overrides of job-file keys are non-identifying, so a
 * re-run may change a poll interval and still resume.
 */
public final class RunParameters {

	public static final String JOB_FILE = "jobFile";

	public static final String NAME = "name";

	public static final String RUN_DATE = "runDate";

	private RunParameters() {
	}

	public static JobParameters of(Path jobFile, String name, LocalDate runDate, Map<String, String> overrides) {
		JobParametersBuilder builder = new JobParametersBuilder()
			.addString(NAME, name, true)
			.addString(RUN_DATE, runDate.toString(), true)
			.addString(JOB_FILE, jobFile.toAbsolutePath().normalize().toString(), false);
		overrides.forEach((key, value) -> {
			if (!key.equals(NAME)) {
				builder.addString(key, value, false);
			}
		});
		return builder.toJobParameters();
	}

	/** The job file's definition with this run's overrides applied. */
	public static JobDefinition definition(JobParameters parameters) {
		Map<String, String> overrides = new LinkedHashMap<>();
		for (JobParameter<?> parameter : parameters) {
			if (JobDefinitionLoader.KEYS.contains(parameter.name())) {
				overrides.put(parameter.name(), String.valueOf(parameter.value()));
			}
		}
		return JobDefinitionLoader.load(Path.of(parameters.getString(JOB_FILE)), overrides);
	}

	public static String runDate(JobParameters parameters) {
		return parameters.getString(RUN_DATE);
	}

}
