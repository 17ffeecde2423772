package ai.avala.pipeline.sandbox;

/**
 * An organisation: the owner of datasets, projects, exports and webhooks, and the holder of a plan.
 */
record Org(String id, String plan) {

	boolean allowsPipeline() {
		return "PRO".equals(plan) || "ENTERPRISE".equals(plan);
	}

	/** Bytes the per-file presign flow may stage; the contract only says "a quota exists". */
	long byteQuota() {
		return switch (plan) {
			case "FREE" -> 5L << 30;
			case "STARTER" -> 100L << 30;
			case "PRO" -> 10L << 40;
			default -> Long.MAX_VALUE;
		};
	}

}
