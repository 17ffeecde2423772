package ai.avala.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.PipelineRun;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key never lands anywhere a run writes: its output, the job repository (job parameters, execution
 * contexts, the ledger), the export, the status listing; and it is never sent to storage or download URLs.
 * Presigned upload URLs, credentials until they expire, leave the ledger once their file is confirmed.
 */
@ExtendWith(SandboxExtension.class)
class SecretsTests {

	@TempDir
	Path folder;

	@Test
	void apiKeyAppearsInNothingTheRunWrote(AvalaSandbox sandbox) throws Exception {
		// given: a run that fails once (error text) and then completes
		TestJobs.files(this.folder, 5, 100);
		Path job = TestJobs.jobFile(this.folder, "secret", sandbox.templateProjectUid());
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		sandbox.faults().set("POST /exports/", ai.avala.pipeline.sandbox.FaultRule.none().withFailFirst(100).withErrorStatuses(400));
		assertThat(child.run("run", job.toString())).isEqualTo(5);
		sandbox.faults().clear();
		assertThat(child.run("run", job.toString())).as(child.output(2)).isZero();
		assertThat(child.run("status")).isZero();
		assertThat(child.run("status", "1")).isZero();
		// when
		List<Path> written = everyFile(this.folder);
		// then
		byte[] key = sandbox.apiKey().getBytes(StandardCharsets.UTF_8);
		assertThat(written).hasSizeGreaterThan(10);
		for (Path file : written) {
			assertThat(contains(Files.readAllBytes(file), key)).as("key found in " + file).isFalse();
		}
		assertThat(sandbox.requests()).filteredOn((r) -> !r.path().startsWith("/api/v1"))
			.isNotEmpty()
			.noneMatch((r) -> r.apiKeyPresent());
	}

	@Test
	void apiKeyAsAJvmSystemPropertyIsRefusedWithoutEchoingIt(AvalaSandbox sandbox) {
		// given: Spring binds system properties too, and -D arguments are as readable as any other
		System.setProperty("avala.apiKey", "avk_system_property_value");
		PipelineRun.Result result;
		try {
			// when
			result = PipelineRun.against(sandbox, this.folder).execute("status");
		}
		finally {
			System.clearProperty("avala.apiKey");
		}
		// then
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement()
			.asString()
			.contains("do not pass the API key as a JVM system property (-Davala.apiKey)", "set AVALA_API_KEY instead");
		assertThat(result.out() + result.err()).doesNotContain("avk_system_property_value");
	}

	@Test
	void presignedUrlsLeaveTheUploadLedgerOnceTheirFileIsConfirmed(AvalaSandbox sandbox) throws Exception {
		// given: a run whose files were uploaded to presigned URLs (credentials until they expire)
		TestJobs.files(this.folder, 6, 100);
		Path job = TestJobs.jobFile(this.folder, "urls", sandbox.templateProjectUid());
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		// when
		assertThat(child.run("run", job.toString())).as(child.output(1)).isZero();
		// then: every file confirmed, and no URL (nor its expiry) kept for any of them
		assertThat(sandbox.requests()).filteredOn((r) -> r.method().equals("PUT") && r.path().startsWith("/storage/"))
			.hasSize(6)
			.allMatch((r) -> r.query() != null && r.query().contains("signature="));
		try (Connection db = DriverManager.getConnection(
				"jdbc:h2:async:" + this.folder.resolve("db/avala").toAbsolutePath() + ";AUTO_SERVER=TRUE", "sa", "");
				ResultSet rows = db.createStatement()
					.executeQuery("SELECT NAME, STATE, UPLOAD_URL, URL_EXPIRES_AT FROM AVALA_UPLOAD_LEDGER")) {
			int count = 0;
			while (rows.next()) {
				count++;
				assertThat(rows.getString("STATE")).as(rows.getString("NAME")).isEqualTo("CONFIRMED");
				assertThat(rows.getString("UPLOAD_URL")).as(rows.getString("NAME")).isNull();
				assertThat(rows.getObject("URL_EXPIRES_AT")).as(rows.getString("NAME")).isNull();
			}
			assertThat(count).isEqualTo(6);
		}
	}

	private static List<Path> everyFile(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
