package ai.avala.pipeline;

import java.nio.file.Path;
import java.util.List;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.ChildPipeline;
import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.SandboxExtension;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job repository that cannot be opened is one line on stderr naming the database (never its password) and the
 * driver's reason, with exit 2 when the settings are wrong and 5 when the server does not answer; never the
 * context's stack trace. Run in a child JVM, as a user would, so everything it prints is seen.
 */
@ExtendWith(SandboxExtension.class)
class JobRepositoryConnectionTests {

	@TempDir
	Path folder;

	@Test
	@OnPostgres
	void aWrongPasswordIsOneLineAndExit2(AvalaSandbox sandbox) throws Exception {
		// given: the database exists (H2 would create a missing one with whatever password it is given)
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		if (!TestDatabase.isPostgres()) {
			assertThat(child.run("status")).as(child.output(1)).isZero();
		}
		// when
		int exit = child.run("status", "--spring.datasource.password=not-the-password");
		// then
		String output = child.output(child.runs());
		assertThat(exit).as(output).isEqualTo(2);
		assertThat(lines(output)).as(output).singleElement().satisfies((line) -> assertThat(line)
			.startsWith("avala-pipeline: cannot open the job repository database " + bare(TestDatabase.url(this.folder)) + ": ")
			.containsIgnoringCase("password")
			.contains("check spring.datasource.url, spring.datasource.username and the password")
			.doesNotContain("not-the-password"));
	}

	@Test
	void aServerThatDoesNotAnswerIsOneLineAndExit5(AvalaSandbox sandbox) throws Exception {
		// given: nothing listens on port 1
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		// when
		int exit = child.run("status", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/avala?password=secret");
		// then
		String output = child.output(1);
		assertThat(exit).as(output).isEqualTo(5);
		assertThat(lines(output)).as(output).singleElement().satisfies((line) -> assertThat(line)
			.startsWith("avala-pipeline: cannot open the job repository database jdbc:postgresql://127.0.0.1:1/avala: ")
			.contains("refused", "check that the database server is running")
			.doesNotContain("secret"));
	}

	@Test
	void aUrlNoDriverUnderstandsIsOneLineAndExit2(AvalaSandbox sandbox) throws Exception {
		// given: "postgres" instead of "postgresql"
		ChildPipeline child = new ChildPipeline(sandbox, this.folder);
		// when
		int exit = child.run("status", "--spring.datasource.url=jdbc:postgres://localhost/avala");
		// then
		String output = child.output(1);
		assertThat(exit).as(output).isEqualTo(2);
		assertThat(lines(output)).as(output).singleElement().satisfies((line) -> assertThat(line)
			.startsWith("avala-pipeline: cannot open the job repository database jdbc:postgres://localhost/avala: ")
			.contains("No suitable driver", "must start with jdbc:postgresql:// or jdbc:h2:"));
	}

	private static List<String> lines(String output) {
		return output.lines().filter((line) -> !line.isBlank()).toList();
	}

	private static String bare(String url) {
		int options = url.indexOf(';');
		return (options >= 0) ? url.substring(0, options) : url;
	}

}
