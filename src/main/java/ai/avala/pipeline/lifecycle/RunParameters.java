package ai.avala.pipeline.lifecycle;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.definition.FrozenDefinition;
import ai.avala.pipeline.definition.JobDefinitionLoader;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of one run. {@code name} and {@code runDate} identify the run (the same pair restarts
 * the same job instance); {@code jobFile} and any overrides of job-file keys are non-identifying, so a
 * re-run may change a poll interval and still resume. The definition itself is frozen into the run's record at
 * its first start (see {@link FrozenDefinition}).
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

	/**
	 * The definition an execution of this run works with: the job file with this execution's overrides when the run
	 * starts ({@code frozen} null), else what the run froze then with this execution's operational keys (see
	 * {@link FrozenDefinition}).
	 */
	public static JobDefinition definition(JobParameters parameters, Map<String, String> frozen) {
		Path jobFile = jobFile(parameters);
		Map<String, String> overrides = overrides(parameters);
		return (frozen == null) ? JobDefinitionLoader.load(jobFile, overrides)
				: FrozenDefinition.resume(jobFile, frozen, overrides);
	}

	/** The job-file keys given as job parameters. */
	public static Map<String, String> overrides(JobParameters parameters) {
		Map<String, String> overrides = new LinkedHashMap<>();
		for (JobParameter<?> parameter : parameters) {
			if (JobDefinitionLoader.KEYS.contains(parameter.name())) {
				overrides.put(parameter.name(), String.valueOf(parameter.value()));
			}
		}
		return overrides;
	}

	public static Path jobFile(JobParameters parameters) {
		return Path.of(parameters.getString(JOB_FILE));
	}

	public static String runDate(JobParameters parameters) {
		return parameters.getString(RUN_DATE);
	}

}
