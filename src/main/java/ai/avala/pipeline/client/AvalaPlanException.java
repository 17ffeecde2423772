package ai.avala.pipeline.client;

/**
 * 403 {@code plan_insufficient}: the organisation's plan does not include the pipeline features (PRO or
 * ENTERPRISE is needed).
 */
public class AvalaPlanException extends AvalaForbiddenException {

	public AvalaPlanException(int status, String method, String path, String detail) {
		super(status, "plan_insufficient", method, path, detail, null);
	}

}
