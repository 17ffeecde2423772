package ai.avala.pipeline.preflight;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;
import ai.avala.pipeline.manifest.Manifest;
import ai.avala.pipeline.manifest.ManifestException;
import ai.avala.pipeline.manifest.ManifestProblem;
import ai.avala.pipeline.manifest.ManifestValidator;
import ai.avala.pipeline.manifest.ValidationReport;
import ai.avala.pipeline.progress.ByteCounts;

/**
 * The checks that need no API: the job file and its parameters, the manifest (the same validation as the
 * {@code validateManifest} step, through {@link ManifestValidator}) and the export's format and folder.
 */
final class LocalChecks {

	/** As many manifest problems as the {@code validateManifest} step shows. */
	private static final int PROBLEMS_SHOWN = 50;

	private LocalChecks() {
	}

	static void run(PreflightSubject subject, PreflightReport report) {
		report.add(jobFile(subject));
		JobDefinition definition = subject.definition();
		if (definition == null) {
			report.add(Check.skipped("manifest", "the job file could not be read"));
			report.add(Check.skipped("export", "the job file could not be read"));
			return;
		}
		report.add(manifest(subject, report));
		report.add(export(subject));
	}

	private static Check jobFile(PreflightSubject subject) {
		if (subject.definition() == null) {
			return Check.failed(Check.Kind.BAD_INPUT, "job file", subject.definitionProblem());
		}
		JobDefinition definition = subject.definition();
		return Check.ok("job file", subject.jobFile() + " (run " + subject.resourceName() + ", dataType "
				+ definition.dataType() + ", upload.flow " + definition.values().get("upload.flow") + ")");
	}

	private static Check manifest(PreflightSubject subject, PreflightReport report) {
		Path location = subject.definition().manifest();
		if (subject.progress().done(AnnotationLifecycleJobConfiguration.UPLOAD_FILES)) {
			return Check.skipped("manifest", "not needed: every file was uploaded by an earlier execution");
		}
		try {
			ValidationReport validation = new ManifestValidator(PROBLEMS_SHOWN, subject.verifyChecksums())
				.validate(Manifest.open(location));
			if (validation.ok()) {
				report.manifest(validation);
				return Check.ok("manifest", validation.entries() + " files, " + ByteCounts.human(validation.totalBytes())
						+ " (" + location + ")");
			}
			String shown = (validation.problemCount() > validation.shown().size())
					? " (first " + validation.shown().size() + " listed)" : "";
			return Check.failed(Check.Kind.BAD_INPUT, "manifest", location + " has " + validation.problemCount()
					+ " problem(s)" + shown + "; first: " + validation.shown().get(0))
				.withProblems(validation.shown().stream().map(ManifestProblem::toString).toList());
		}
		catch (ManifestException ex) {
			return Check.failed(Check.Kind.BAD_INPUT, "manifest", ex.getMessage());
		}
	}

	/** The format was checked with the job file; the folder must be one the export can be written to. */
	private static Check export(PreflightSubject subject) {
		JobDefinition definition = subject.definition();
		Path directory = definition.exportDirectory();
		Path existing = directory;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
			return Check.failed(Check.Kind.BAD_INPUT, "export", "export.directory " + directory + " cannot be "
					+ "created or written (" + ((existing == null) ? "no existing parent" : existing + " is not a "
							+ "writable folder") + "); choose another export.directory");
		}
		return Check.ok("export", "format " + definition.exportFormat() + ", file "
				+ directory.resolve(subject.resourceName() + ".zip"));
	}

}
