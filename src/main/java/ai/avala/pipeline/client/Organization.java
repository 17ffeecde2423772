package ai.avala.pipeline.client;

/**
 * An organisation the API key belongs to (contract §2, {@code GET /organizations/}). {@code plan} is
 * {@code FREE}, {@code PRO} or {@code ENTERPRISE} as the contract spells it; compare without case.
 */
public record Organization(String uid, String name, String slug, String plan, Boolean isActive) {

	/** Whether the plan allows the pipeline (PRO or ENTERPRISE, contract §2). */
	public boolean planAllowsPipeline() {
		return "PRO".equalsIgnoreCase(this.plan) || "ENTERPRISE".equalsIgnoreCase(this.plan);
	}

	/** An absent flag counts as active: only an explicit {@code false} says otherwise. */
	public boolean active() {
		return !Boolean.FALSE.equals(this.isActive);
	}

}
