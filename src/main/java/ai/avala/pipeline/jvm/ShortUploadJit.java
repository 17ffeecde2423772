package ai.avala.pipeline.jvm;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.management.ObjectName;

/**
 * Spares a short upload in a fresh JVM the optimising compiler's (C2's) work it would not live long enough to
 * repay: when a command that starts and ends begins an upload of at most {@value #SHORT_UPLOAD_FILES} files,
 * everything but the JDK's message digests is compiled by C1 only from then on.
 *
 * <p>Why (issue 14, measured with {@code -XX:+PrintCompilation} and CPU per thread): while the uploads of a
 * fresh {@code java -jar} run, C2 compiles H2's MVStore (the ledger), the JDK's collections and NIO, and what
 * start-up left queued: on two cores 2-3 s of CPU inside a 5 s upload window, competing with the uploads and
 * the storage server for the same cores. C1 compiles the same methods in a fraction of that, to code fast
 * enough for a few thousand calls. The exception is the MD5 of every byte uploaded: only C2 turns it into
 * the CPU's hashing stub. Above that count C2 pays for itself (1,000,000 files: 145-157 s with it, 185 s with
 * C1 only; bench/run.sh --million), so a long upload keeps it. Keeping start-up code (Spring, Jackson) on C1
 * as well, from the first instruction, measured no better for short uploads and cost long ones ~6 %.
 *
 * <p>A compiler directive, added at run time through the JVM's diagnostic command MBean, is the one way a plain
 * {@code java -jar} can say this (the command-line equivalent needs diagnostic options a user would have to
 * add). A long-lived {@code scheduler}, {@code console} or {@code sandbox} keeps the JVM's default: one short
 * upload must not leave it on C1 for the rest of its life. Best effort: on a JVM without the command (not
 * HotSpot, or an older one) nothing changes. {@code -Davala.jit.default=true} turns it off.
 */
public final class ShortUploadJit {

	/** Commands that keep running (servers): their steady state matters more than their first seconds. */
	static final List<String> LONG_LIVED = List.of("sandbox", "console", "scheduler");

	/** The JDK's message digests (MD5 among them): C2 compiles their compression loops to CPU intrinsics. */
	static final String DIGESTS = "sun/security/provider/*.*";

	/** Uploads of at most this many files are too short to repay C2 compiling the per-file path. */
	public static final long SHORT_UPLOAD_FILES = 50_000;

	private static volatile boolean shortLived;

	private static volatile boolean applied;

	private ShortUploadJit() {
	}

	/**
	 * Notes the process's command line (its first argument not an option is the command): a command that starts
	 * and ends may use {@link #beforeUpload}; a long-lived server may not.
	 */
	public static void noteCommand(String... args) {
		for (String arg : args) {
			if (!arg.startsWith("-")) {
				shortLived = !LONG_LIVED.contains(arg);
				return;
			}
		}
		shortLived = true;
	}

	/**
	 * When an upload of {@code files} files begins: only in a command that starts and ends, only for a short
	 * upload, once per process, and unless turned off; true if the JVM took the directive now.
	 */
	public static synchronized boolean beforeUpload(long files) {
		if (!shortLived || applied || files > SHORT_UPLOAD_FILES || Boolean.getBoolean("avala.jit.default")) {
			return false;
		}
		// First match wins: the digests keep C2, everything else is C1 only.
		applied = addDirectives("[{ match: [\"" + DIGESTS + "\"], c2: { Exclude: false } }, "
				+ "{ match: [\"*.*\"], c2: { Exclude: true } }]");
		return applied;
	}

	/** Forgets the command and the JVM's directives (tests). */
	static synchronized void reset() throws Exception {
		diagnosticCommand("compilerDirectivesClear");
		shortLived = false;
		applied = false;
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
