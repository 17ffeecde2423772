package ai.avala.pipeline.client;

/**
 * 403 {@code scope_required}: the key lacks a scope the route needs. Names the scope so the user can ask for
 * a key that has it.
 */
public class AvalaScopeException extends AvalaForbiddenException {

	private final String requiredScope;

	public AvalaScopeException(int status, String method, String path, String detail, String requiredScope) {
		super(status, "scope_required", method, path,
				detail + ((requiredScope != null) ? " (required scope: " + requiredScope + ")" : ""), null);
		this.requiredScope = requiredScope;
	}

	public String requiredScope() {
		return this.requiredScope;
	}

}
