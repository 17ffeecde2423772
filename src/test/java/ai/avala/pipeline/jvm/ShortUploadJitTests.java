package ai.avala.pipeline.jvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directive reaches the running JVM (HotSpot, as CI's and a user's JDK), for a short upload in a command
 * that starts and ends only. What it is worth is measured by bench/curl-parallel.sh and bench/run.sh
 * --million, not here.
 */
class ShortUploadJitTests {

	@BeforeEach
	@AfterEach
	void reset() throws Exception {
		// Leave the test JVM's compilers as they were for the test classes that share it.
		ShortUploadJit.reset();
	}

	@Test
	void aShortUploadOfARunLeavesEverythingButTheDigestsToC1() throws Exception {
		ShortUploadJit.noteCommand("run", "jobs/demo.yml", "runDate=2026-12-06");
		assertThat(excluded(printed())).as("nothing before the upload").isZero();

		assertThat(ShortUploadJit.beforeUpload(20_000)).isTrue();
		String printed = printed();
		// Newest first: the digests keep C2, then everything else is excluded from it.
		int digests = printed.indexOf("matching: sun/security/provider/*.*");
		int everything = printed.indexOf("matching: *.*");
		assertThat(digests).isNotNegative();
		assertThat(everything).isGreaterThan(digests);
		assertThat(printed.indexOf("Exclude:true")).isGreaterThan(everything);
		assertThat(excluded(printed)).isEqualTo(1);

		assertThat(ShortUploadJit.beforeUpload(20_000)).as("once per process").isFalse();
	}

	@Test
	void aLongUploadKeepsC2() throws Exception {
		ShortUploadJit.noteCommand("restart", "7");
		assertThat(ShortUploadJit.beforeUpload(ShortUploadJit.SHORT_UPLOAD_FILES + 1)).isFalse();
		assertThat(ShortUploadJit.beforeUpload(ShortUploadJit.SHORT_UPLOAD_FILES)).isTrue();
	}

	@Test
	void longLivedServersKeepTheJvmsDefaultEvenForTheirUploads() throws Exception {
		for (String command : new String[] { "scheduler", "console", "sandbox" }) {
			ShortUploadJit.noteCommand(command, "--sandbox", "--port", "0");
			assertThat(ShortUploadJit.beforeUpload(10)).as(command).isFalse();
		}
		assertThat(excluded(printed())).isZero();
	}

	@Test
	void noCommandNotedMeansNotAShortCommandLine() throws Exception {
		// As in tests and an embedding application: the process's life is not known to be short.
		assertThat(ShortUploadJit.beforeUpload(10)).isFalse();
	}

	private static String printed() throws Exception {
		return String.valueOf(ShortUploadJit.diagnosticCommand("compilerDirectivesPrint"));
	}

	private static int excluded(String printed) {
		return printed.split("Exclude:true", -1).length - 1;
	}

}
