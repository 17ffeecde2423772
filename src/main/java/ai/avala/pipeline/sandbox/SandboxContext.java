package ai.avala.pipeline.sandbox;

import java.util.Set;

/**
 * What lives as long as the server: configuration, clock, faults, signing keys, seeds, and the
 * current (resettable) {@link SandboxState}.
 */
final class SandboxContext {

	final SandboxConfig config;

	final SandboxClock clock;

	final SandboxFaults faults = new SandboxFaults();

	final Presigner presigner = new Presigner();

	final ObjectStore objects;

	final ApiKey seedKey = new ApiKey(Keys.newKeyValue(), new Org("org-seed", "PRO"), Set.of(), false);

	final String templateUid = java.util.UUID.randomUUID().toString();

	private volatile int port;

	private volatile SandboxState state;

	private volatile StorageEndpoint storage;

	volatile boolean failNewExports;

	/** Requests answered with a failure whose effect is still to come ({@link FaultRule#effectDelay()}). */
	final java.util.concurrent.atomic.AtomicInteger pendingEffects = new java.util.concurrent.atomic.AtomicInteger();

	SandboxContext(SandboxConfig config) {
		this.config = config;
		this.clock = new SandboxClock(config.clockSpeed());
		this.objects = new ObjectStore(config.storage(), config.storageDir());
	}

	void bound(int port, StorageEndpoint storage) {
		this.port = port;
		this.storage = storage;
	}

	String origin() {
		return "http://127.0.0.1:" + port;
	}

	String apiBase() {
		return origin() + ApiEndpoint.PREFIX;
	}

	SandboxState state() {
		return state;
	}

	void state(SandboxState state) {
		this.state = state;
	}

	StorageEndpoint storage() {
		return storage;
	}

}
