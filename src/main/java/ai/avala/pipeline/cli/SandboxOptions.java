package ai.avala.pipeline.cli;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.SandboxConfig;
import picocli.CommandLine.Option;

/** The options of the commands that can run against an embedded sandbox ({@code run}, {@code scheduler}, ...). */
final class SandboxOptions {

	@Option(names = "--sandbox", description = "Start the embedded Avala sandbox and run against it")
	boolean enabled;

	@Option(names = "--sandbox-clock-speed", defaultValue = "3600", paramLabel = "<factor>",
			description = "Simulated seconds per real second in the sandbox (default: ${DEFAULT-VALUE})")
	double clockSpeed;

	/** Starts the sandbox if asked for (null otherwise) and prints its ready line without the key. */
	AvalaSandbox start(PipelineCommandLine cli) {
		return start(cli.out);
	}

	/** @param out where the ready line goes (stderr under {@code --json}, whose stdout is JSON only) */
	AvalaSandbox start(java.io.PrintStream out) {
		if (!this.enabled) {
			return null;
		}
		SandboxCommand.requirePositive("--sandbox-clock-speed", this.clockSpeed);
		AvalaSandbox sandbox = AvalaSandbox.start(SandboxConfig.defaults().withClockSpeed(this.clockSpeed));
		out.println(sandbox.readyLine().replaceAll("api-key=\\S+", "api-key=(hidden)"));
		return sandbox;
	}

}
