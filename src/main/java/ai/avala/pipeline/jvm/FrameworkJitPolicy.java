package ai.avala.pipeline.jvm;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.management.ObjectName;

/**
 * Spares a command that starts, works and ends the optimising compiler's (C2's) work that it would not live
 * long enough to repay.
 *
 * <p>Why (issue 14, measured with {@code -XX:+PrintCompilation} and CPU per thread): a fresh {@code java -jar}
 * queues thousands of methods for C2 during start-up (Spring's bean factory, Boot's nested-jar class loading,
 * Jackson, YAML) and more while the uploads run (H2's MVStore for the ledger, the JDK's collections and NIO).
 * On two cores those compilations took 2-3 s of CPU inside a 5 s upload window, competing with the uploads
 * and the storage server for the same cores. C1 compiles the same methods in a fraction of that, to code fast
 * enough for what they do. So, in two stages:
 * <ol>
 * <li>At start-up ({@link #applyFor}): code that only starts the application (Spring, Jackson, YAML, Logback,
 * picocli, Hikari, Quartz, ...) is compiled by C1 only.</li>
 * <li>When an upload of at most {@value #SHORT_UPLOAD_FILES} files begins ({@link #beforeUpload}): everything
 * else too, except the JDK's message digests, which only C2 turns into the CPU's MD5 stub. Above that count
 * C2 pays for itself: 1,000,000 files took 145 s with C2 on and 185 s with C1 only (bench/run.sh --million);
 * 20,000 took 5.8 s with it and 4.1 s without (bench/curl-parallel.sh, scenario a).</li>
 * </ol>
 *
 * <p>A compiler directive, added at run time through the JVM's diagnostic command MBean, is the one way a plain
 * {@code java -jar} can say this (the command-line equivalent needs diagnostic options a user would have to
 * add). A long-lived {@code scheduler}, {@code console} or {@code sandbox} keeps the JVM's default: its steady
 * state matters more than its first seconds. Best effort: on a JVM without the command (not HotSpot, or an
 * older one) nothing changes. {@code -Davala.jit.default=true} turns both stages off.
 */
public final class FrameworkJitPolicy {

	/** Commands that keep running (servers): their steady state matters more than their first seconds. */
	static final List<String> LONG_LIVED = List.of("sandbox", "console", "scheduler");

	/** Code that runs while the application starts and seldom after (never once per file). */
	static final List<String> START_UP = List.of("org/springframework/*.*", "tools/jackson/*.*",
			"com/fasterxml/*.*", "org/yaml/*.*", "ch/qos/*.*", "picocli/*.*", "com/zaxxer/*.*", "org/quartz/*.*",
			"jakarta/*.*", "org/apache/*.*", "io/prometheus/*.*");

	/** The JDK's message digests (MD5 among them): C2 compiles their compression loops to CPU intrinsics. */
	static final String DIGESTS = "sun/security/provider/*.*";

	/** Uploads of at most this many files are too short to repay C2 compiling the per-file path. */
	public static final long SHORT_UPLOAD_FILES = 50_000;

	private static volatile boolean shortLived;

	private static volatile boolean allButDigests;

	private FrameworkJitPolicy() {
	}

	/**
	 * Stage one, for a command line (its first argument not an option is the command), unless the command is a
	 * long-lived server or the policy is turned off; true if the JVM took it.
	 */
	public static boolean applyFor(String... args) {
		if (Boolean.getBoolean("avala.jit.default")) {
			return false;
		}
		for (String arg : args) {
			if (!arg.startsWith("-")) {
				if (LONG_LIVED.contains(arg)) {
					return false;
				}
				break;
			}
		}
		shortLived = addDirectives("[{ match: [" + quoted(START_UP) + "], c2: { Exclude: true } }]");
		return shortLived;
	}

	/**
	 * Stage two, when an upload of {@code files} files begins: only in a process that took stage one, only for
	 * a short upload, and once; true if the JVM took it now.
	 */
	public static synchronized boolean beforeUpload(long files) {
		if (!shortLived || allButDigests || files > SHORT_UPLOAD_FILES) {
			return false;
		}
		// First match wins: the digests keep C2, everything else is C1 only.
		allButDigests = addDirectives("[{ match: [\"" + DIGESTS + "\"], c2: { Exclude: false } }, "
				+ "{ match: [\"*.*\"], c2: { Exclude: true } }]");
		return allButDigests;
	}

	/** Forgets both stages and the JVM's directives (tests). */
	static synchronized void reset() throws Exception {
		diagnosticCommand("compilerDirectivesClear");
		shortLived = false;
		allButDigests = false;
	}

	private static String quoted(List<String> patterns) {
		StringBuilder list = new StringBuilder();
		for (String pattern : patterns) {
			list.append(list.isEmpty() ? "" : ", ").append('"').append(pattern).append('"');
		}
		return list.toString();
	}

	private static boolean addDirectives(String json) {
		Path file = null;
		try {
			file = Files.createTempFile("avala-jit-", ".json");
			Files.writeString(file, json);
			return String.valueOf(diagnosticCommand("compilerDirectivesAdd", file.toString())).contains("added");
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

	static Object diagnosticCommand(String operation, String... arguments) throws Exception {
		return ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
					new Object[] { arguments }, new String[] { String[].class.getName() });
	}

}
