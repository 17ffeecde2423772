package ai.avala.pipeline.definition;

import java.nio.file.Path;
import java.time.Duration;

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

	/** How files reach storage. */
	public enum UploadFlow {

		MANIFEST, PER_FILE

	}

}
