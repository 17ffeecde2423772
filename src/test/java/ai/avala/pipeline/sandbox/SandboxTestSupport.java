package ai.avala.pipeline.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One sandbox per test class on a random loopback port (rate limit off), an HTTP helper for it, and a reset
 * before each test so that tests do not see each other's datasets, faults or requests.
 */
abstract class SandboxTestSupport {

	static AvalaSandbox sandbox;

	static SandboxHttp http;

	@BeforeAll
	static void startSandbox() {
		sandbox = AvalaSandbox.start(SandboxConfig.defaults().withRateLimitPerMinute(0));
		http = new SandboxHttp(sandbox);
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.close();
	}

	@BeforeEach
	void resetSandbox() {
		sandbox.reset();
	}

}
