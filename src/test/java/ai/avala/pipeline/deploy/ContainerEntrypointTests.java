package ai.avala.pipeline.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.avala.pipeline.cli.ExitCode;
import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.support.SandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image's ENTRYPOINT and CMD, run as the container would run them: in a folder laid out like its working
 * directory and volumes, with the API key in the environment only. No Docker engine runs on this machine, so
 * the image itself is not built here; what it runs is.
 */
@ExtendWith(SandboxExtension.class)
class ContainerEntrypointTests {

	@Test
	void theDefaultCommandRunsTheSchedulerOnTheVolumesAndEndsCleanlyOnSigterm(AvalaSandbox sandbox, @TempDir Path root)
			throws Exception {
		// given: the image's default command, one enabled schedule that will not fire during the test
		Dockerfile dockerfile = Recipes.dockerfile();
		ContainerLayout container = ContainerLayout.create(root);
		Files.writeString(container.resolve("schedules/yearly.yml"),
				"job: ../jobs/demo.yml\ncron: \"0 0 2 1 1 ? 2099\"\ntimeZone: UTC\n");
		Path log = root.resolve("container.log");
		ProcessBuilder command = container.command(dockerfile.last("ENTRYPOINT").execForm(),
				dockerfile.last("CMD").execForm(),
				Map.of("AVALA_API_KEY", sandbox.apiKey(), "AVALA_BASE_URL", sandbox.baseUrl()));

		// when
		Process scheduler = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			await().atMost(Duration.ofMinutes(3)).until(() -> Files.readString(log).contains("Scheduler running:")
					|| !scheduler.isAlive());
			scheduler.destroy(); // SIGTERM, as docker stop and Kubernetes send it
			assertThat(scheduler.waitFor(2, TimeUnit.MINUTES)).isTrue();
		}
		finally {
			scheduler.destroyForcibly();
		}

		// then
		String output = Files.readString(log);
		assertThat(output).contains("Scheduler running: 1 of 1 schedule(s) in schedules enabled");
		assertThat(scheduler.exitValue()).as(output).isEqualTo(ExitCode.COMPLETED.code());
		assertThat(container.resolve("data/avala-pipeline.mv.db")).as("the job repository on the data volume")
			.isRegularFile();
		assertThat(output).doesNotContain(sandbox.apiKey());
	}

	@Test
	void theEntrypointRunsTheDemoJobAndListsTheSchedulesInTheContainersFolders(@TempDir Path root) throws Exception {
		// given
		Dockerfile dockerfile = Recipes.dockerfile();
		ContainerLayout container = ContainerLayout.create(root);
		Files.copy(Path.of("schedules/nightly-demo.yml"), container.resolve("schedules/nightly-demo.yml"));
		List<String> entrypoint = dockerfile.last("ENTRYPOINT").execForm();

		// when
		Execution listed = execute(container, entrypoint, List.of("schedules", "list"));
		Execution run = execute(container, entrypoint, List.of("run", "jobs/demo.yml", "--sandbox"));

		// then
		assertThat(listed.exitCode()).as(listed.output()).isZero();
		assertThat(listed.output()).contains("nightly-demo  job=jobs/demo.yml");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(container.resolve("exports/demo-" + LocalDate.now(ZoneOffset.UTC) + ".zip")).isRegularFile();
		assertThat(container.resolve("data/avala-pipeline.mv.db")).isRegularFile();
	}

	private static Execution execute(ContainerLayout container, List<String> entrypoint, List<String> args)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile(container.root(), "command", ".log");
		Process process = container.command(entrypoint, args, Map.of())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			assertThat(process.waitFor(4, TimeUnit.MINUTES)).as(String.join(" ", args) + " ended").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		return new Execution(process.exitValue(), Files.readString(log));
	}

	record Execution(int exitCode, String output) {
	}

}
