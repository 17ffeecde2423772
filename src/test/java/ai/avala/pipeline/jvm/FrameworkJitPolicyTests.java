package ai.avala.pipeline.jvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directives reach the running JVM (HotSpot, as CI's and a user's JDK): start-up code for short commands,
 * then everything but the digests for a short upload in such a command only. What they are worth is measured
 * by bench/curl-parallel.sh and bench/run.sh --million, not here.
 */
class FrameworkJitPolicyTests {

	@BeforeEach
	@AfterEach
	void reset() throws Exception {
		// Leave the test JVM's compilers as they were for the test classes that share it.
		FrameworkJitPolicy.reset();
	}

	@Test
	void aRunLeavesStartUpCodeToC1AndThenAShortUploadEverythingButTheDigests() throws Exception {
		assertThat(FrameworkJitPolicy.applyFor("run", "jobs/demo.yml", "runDate=2026-12-06")).isTrue();
		String started = printed();
		assertThat(started).contains("org/springframework/*.*", "tools/jackson/*.*", "org/yaml/*.*")
			.doesNotContain("org/h2", "sun/security/provider");
		assertThat(excluded(started)).isEqualTo(1);

		assertThat(FrameworkJitPolicy.beforeUpload(20_000)).isTrue();
		String uploading = printed();
		// Newest first: the digests keep C2, then everything else is excluded, then the start-up stage.
		int digests = uploading.indexOf("matching: sun/security/provider/*.*");
		int everything = uploading.indexOf("matching: *.*");
		assertThat(digests).isNotNegative();
		assertThat(everything).isGreaterThan(digests);
		assertThat(uploading.indexOf("Exclude:true")).isGreaterThan(everything);
		assertThat(excluded(uploading)).isEqualTo(2);

		assertThat(FrameworkJitPolicy.beforeUpload(20_000)).as("once per process").isFalse();
	}

	@Test
	void aLongUploadKeepsC2() throws Exception {
		assertThat(FrameworkJitPolicy.applyFor("restart", "7")).isTrue();
		assertThat(FrameworkJitPolicy.beforeUpload(FrameworkJitPolicy.SHORT_UPLOAD_FILES + 1)).isFalse();
		assertThat(printed()).doesNotContain("sun/security/provider");
	}

	@Test
	void longLivedServersKeepTheJvmsDefaultEvenForTheirUploads() throws Exception {
		for (String command : new String[] { "scheduler", "console", "sandbox" }) {
			assertThat(FrameworkJitPolicy.applyFor(command, "--sandbox", "--port", "0")).as(command).isFalse();
		}
		assertThat(FrameworkJitPolicy.beforeUpload(10)).isFalse();
		assertThat(excluded(printed())).isZero();
	}

	private static String printed() throws Exception {
		return String.valueOf(FrameworkJitPolicy.diagnosticCommand("compilerDirectivesPrint"));
	}

	private static int excluded(String printed) {
		return printed.split("Exclude:true", -1).length - 1;
	}

}
