package ai.avala.pipeline.jvm;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.management.ObjectName;

/**
 * Keeps the frameworks' code out of HotSpot's optimising compiler (C2): it is compiled by C1 only.
 *
 * <p>Why (issue 14, measured with {@code -XX:+PrintCompilation} and per-thread CPU): a fresh {@code java -jar}
 * spends its first ten seconds compiling start-up code (Spring's bean factory, Boot's nested-jar class loading,
 * ASM, Jackson, H2's MVStore) with C2, and that queue is still being worked through while the upload runs: 2-3 s
 * of C2 CPU inside a 5 s upload window on two cores, for code that runs a few thousand times and never again. C1
 * compiles the same methods in a fraction of the time, to code fast enough for what they do; C2 stays on for the
 * JDK and this project's own classes, the per-file path. A compiler directive, added at run time through the
 * JVM's diagnostic command MBean, is the one way a plain {@code java -jar} can say this (the equivalent command
 * line, {@code -XX:CompilerDirectivesFile}, needs diagnostic options a user would have to add).
 *
 * <p>Only for the commands that run and end ({@code run}, {@code restart}, {@code check}, ...): a long-lived
 * {@code scheduler}, {@code console} or {@code sandbox} keeps C2 for everything. Best effort: on a JVM without
 * the command (not HotSpot, or an older one) nothing changes.
 * {@code -Davala.jit.framework-c2=true} turns it off (to compare, or for a long-lived process).
 */
public final class FrameworkJitPolicy {

	/** Packages whose methods C2 leaves to C1. Start-up and control code, not the per-file upload path. */
	static final List<String> C1_ONLY = List.of("org/springframework/*.*", "org/h2/*.*", "tools/jackson/*.*",
			"com/fasterxml/*.*", "io/netty/*.*", "reactor/*.*", "org/yaml/*.*", "ch/qos/*.*", "org/slf4j/*.*",
			"com/zaxxer/*.*", "io/micrometer/*.*", "io/prometheus/*.*", "org/quartz/*.*", "picocli/*.*",
			"org/postgresql/*.*", "org/apache/*.*", "jakarta/*.*");

	private FrameworkJitPolicy() {
	}

	/** Commands that keep running (servers): their steady state matters more than their first seconds. */
	static final List<String> LONG_LIVED = List.of("sandbox", "console", "scheduler");

	/**
	 * Applies the policy for a command line, unless its command is a long-lived server or the policy is turned
	 * off; true if the JVM took it.
	 */
	public static boolean applyFor(String... args) {
		for (String arg : args) {
			if (!arg.startsWith("-")) {
				return !LONG_LIVED.contains(arg) && apply();
			}
		}
		return apply();
	}

	/** Applies the policy unless turned off; true if the JVM took it. */
	static boolean apply() {
		if (Boolean.getBoolean("avala.jit.framework-c2")) {
			return false;
		}
		Path file = null;
		try {
			file = Files.createTempFile("avala-jit-", ".json");
			Files.writeString(file, directives());
			Object answer = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
						new Object[] { new String[] { file.toString() } }, new String[] { String[].class.getName() });
			return String.valueOf(answer).contains("added");
		}
		catch (Exception | LinkageError ex) {
			return false;
		}
		finally {
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (Exception ex) {
					// a temp file left behind is harmless
				}
			}
		}
	}

	static String directives() {
		StringBuilder match = new StringBuilder();
		for (String pattern : C1_ONLY) {
			match.append(match.isEmpty() ? "" : ", ").append('"').append(pattern).append('"');
		}
		return "[{ match: [" + match + "], c2: { Exclude: true } }]";
	}

}
