package ai.avala.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the person who runs this every night reads: the execution id as soon as the run starts, dated log lines, a
 * log file when asked for one, and a wait that says what it waits for. Runs the real command line in a child JVM,
 * so the log file configuration is the process's own.
 */
class OperatorOutputTests {

	@TempDir
	Path folder;

	@Test
	void aRunPrintsItsExecutionIdLogsDatedLinesToItsLogFileAndSaysWhatItWaitsFor() throws Exception {
		// given: indexing takes a while, so the clone step has to wait for the dataset
		try (AvalaSandbox sandbox = AvalaSandbox
			.start(SandboxExtension.testConfig().withIndexingDelay(Duration.ofHours(100)))) {
			TestJobs.files(this.folder, 3, 100);
			Path job = TestJobs.jobFile(this.folder, "talk", sandbox.templateProjectUid());
			Path logFile = this.folder.resolve("logs/avala-pipeline.log");
			ChildPipeline child = new ChildPipeline(sandbox, this.folder);
			// when
			int exit = child.run("run", job.toString(), "runDate=2026-11-05", "--logging.file.name=" + logFile);
			// then
			String output = child.output(1);
			assertThat(exit).as(output).isZero();
			assertThat(output).contains("Run talk 2026-11-05: execution 1 started ('status 1' shows it");
			assertThat(logFile).isRegularFile();
			List<String> lines = Files.readAllLines(logFile);
			assertThat(lines).filteredOn((line) -> line.matches("^\\d.*"))
				.isNotEmpty()
				.allMatch((line) -> line.matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*"));
			assertThat(lines).anyMatch((line) -> line.matches("^\\d{4}-\\d{2}-\\d{2} .*annotation complete.*"));
			assertThat(lines).filteredOn((line) -> line.contains("waiting for Avala to finish indexing")).hasSize(1);
		}
	}

}
