package ai.avala.pipeline.support;

import java.time.Duration;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.SandboxConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Avala sandbox per test class on a random loopback port (fast clock, no rate limit, so tests
 * are quick and deterministic), resets it after each test, and injects it into test methods.
 */
public class SandboxExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SandboxExtension.class);

	public static SandboxConfig testConfig() {
		return SandboxConfig.defaults()
			.withClockSpeed(36_000)
			.withRateLimitPerMinute(0)
			.withAnnotationDuration(Duration.ofHours(2));
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put("sandbox", AvalaSandbox.start(testConfig()));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		sandbox(context).reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		sandbox(context).close();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == AvalaSandbox.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return sandbox(context);
	}

	private static AvalaSandbox sandbox(ExtensionContext context) {
		// Stores are hierarchical: a test method's store finds the class's sandbox.
		return context.getStore(NAMESPACE).get("sandbox", AvalaSandbox.class);
	}

}
