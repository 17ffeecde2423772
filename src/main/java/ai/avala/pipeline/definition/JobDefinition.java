package ai.avala.pipeline.definition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One job file, validated: what to upload, which template to clone, how to wait and where to put the export.
 *
 * @param source the job file it was read from
 * @param name the definition's name; with the run date it names the dataset, project and export file
 * @param manifest the manifest file or folder (resolved against the job file's folder)
 * @param dataType the dataset's data type ({@code images}, {@code video}, {@code lidar}, {@code mcap}, {@code splat})
 * @param templateProjectUid the project to clone
 * @param exportFormat the export format
 * @param exportDirectory where the export file is written (resolved against the job file's folder)
 * @param pollInterval the shortest wait between two progress checks
 * @param pollMaxInterval the longest wait between two checks while nothing changes
 * @param pollTimeout how long to wait for annotation (and for the dataset and export) before timing out
 * @param uploadConcurrency files in flight at first
 * @param uploadMaxConcurrency files in flight at most, as the adaptive limit grows
 * @param uploadFlow {@code manifest} (contract §3a) or {@code per-file} (§3b)
 */
public record JobDefinition(Path source, String name, Path manifest, String dataType, String templateProjectUid,
		String exportFormat, Path exportDirectory, Duration pollInterval, Duration pollMaxInterval,
		Duration pollTimeout, int uploadConcurrency, int uploadMaxConcurrency, UploadFlow uploadFlow) {

	/** The name of the dataset and the project of one run: stable for the run, distinct across run dates. */
	public String resourceName(String runDate) {
		return this.name + "-" + runDate;
	}

	/**
	 * The definition as job-file keys and values, every default filled in and every path absolute: what a run
	 * freezes when it first starts, and what {@link JobDefinitionLoader#fromValues} reads back unchanged.
	 */
	public Map<String, String> values() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("name", this.name);
		values.put("manifest", this.manifest.toString());
		values.put("dataType", this.dataType);
		values.put("templateProjectUid", this.templateProjectUid);
		values.put("export.format", this.exportFormat);
		values.put("export.directory", this.exportDirectory.toString());
		values.put("poll.interval", this.pollInterval.toString());
		values.put("poll.maxInterval", this.pollMaxInterval.toString());
		values.put("poll.timeout", this.pollTimeout.toString());
		values.put("upload.concurrency", Integer.toString(this.uploadConcurrency));
		values.put("upload.maxConcurrency", Integer.toString(this.uploadMaxConcurrency));
		values.put("upload.flow", this.uploadFlow.key);
		return values;
	}

	/** How files reach storage. */
	public enum UploadFlow {

		MANIFEST("manifest"), PER_FILE("per-file");

		private final String key;

		UploadFlow(String key) {
			this.key = key;
		}

	}

}
