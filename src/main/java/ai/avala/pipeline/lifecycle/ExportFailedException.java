package ai.avala.pipeline.lifecycle;

/**
 * The service reported the export as {@code failed}. The run is restartable: a restart creates a new export.
 */
public class ExportFailedException extends RuntimeException {

	public ExportFailedException(String exportUid, String format) {
		super("export " + exportUid + " (" + format + ") failed on the Avala side; restart the run to create a new "
				+ "export, or check the export in Avala");
	}

}
