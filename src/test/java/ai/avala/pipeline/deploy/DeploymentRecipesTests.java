package ai.avala.pipeline.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ai.avala.pipeline.cli.ExitCode;
import ai.avala.pipeline.cli.PipelineCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

import static ai.avala.pipeline.deploy.KubernetesManifest.asList;
import static ai.avala.pipeline.deploy.KubernetesManifest.asMap;
import static ai.avala.pipeline.deploy.KubernetesManifest.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment recipes of docs/deploy/ (Dockerfile, Kubernetes CronJob and Deployment, systemd units) say
 * what the README promises: non-root, the API key only from a secret at run time, no overlapping runs, retries
 * only for the exit codes a restart can fix, and only commands the tool documents and accepts. No Docker
 * engine or Kubernetes API server runs here: the files are parsed, the units checked by systemd-analyze when it
 * is installed, and {@link ContainerEntrypointTests} runs the image's command.
 */
class DeploymentRecipesTests {

	/** The exit codes a person must act on before the same command can succeed (README "Exit codes"). */
	static final Set<Integer> NOT_RETRYABLE = codes(ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.REFUSED,
			ExitCode.PROJECT_ENDED);

	/** The exit codes the same command resumes from (README "Exit codes": restartable). */
	static final Set<Integer> RETRYABLE = codes(ExitCode.FAILED, ExitCode.TIMED_OUT, ExitCode.STOPPED, ExitCode.BUSY);

	@Test
	void theImageRunsTheJarAsAnUnprivilegedUserOnAJre17OrLater() throws IOException {
		// given
		Dockerfile dockerfile = Recipes.dockerfile();

		// when
		String from = dockerfile.last("FROM").arguments();
		String user = dockerfile.last("USER").arguments();

		// then
		assertThat(from).matches("eclipse-temurin:\\d+-jre\\S*");
		assertThat(Integer.parseInt(from.replaceAll("eclipse-temurin:(\\d+)-jre.*", "$1"))).isGreaterThanOrEqualTo(17);
		assertThat(user).as("numeric, so that Kubernetes' runAsNonRoot can check it").matches("\\d+(:\\d+)?");
		assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
		assertThat(dockerfile.last("ENTRYPOINT").execForm()).isEqualTo(Recipes.ENTRYPOINT);
		assertThat(dockerfile.all("COPY")).extracting(Dockerfile.Instruction::arguments)
			.containsExactly("target/avala-pipeline.jar /app/avala-pipeline.jar");
		assertThat(dockerfile.last("WORKDIR").arguments()).isEqualTo(Recipes.WORKDIR);
		assertThat(dockerfile.last("VOLUME").execForm()).containsExactlyInAnyOrder(
				Stream.of("config", "jobs", "schedules", "data", "exports", "reports").map((v) -> Recipes.WORKDIR + "/" + v)
					.toArray(String[]::new));
	}

	@Test
	void theImageNeverHoldsTheApiKeyAndItsContextIsOnlyTheJar() throws IOException {
		// given
		Dockerfile dockerfile = Recipes.dockerfile();
		List<String> ignore = Files.readAllLines(Recipes.FOLDER.resolve("Dockerfile.dockerignore"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();

		// then
		assertThat(Stream.concat(dockerfile.all("ARG").stream(), dockerfile.all("ENV").stream()))
			.extracting(Dockerfile.Instruction::arguments)
			.noneMatch((a) -> a.toUpperCase().matches(".*(KEY|SECRET|PASSWORD|TOKEN).*"));
		assertThat(ignore).containsExactly("*", "!target/avala-pipeline.jar");
	}

	@Test
	void theCronJobNeverOverlapsAndRetriesOnlyTheExitCodesARestartCanFix() throws IOException {
		// given
		Map<String, Object> cronJob = Recipes.kubernetes("cronjob-run.yaml").only("CronJob");
		Map<String, Object> pod = Recipes.cronJobPod();
		List<Map<String, Object>> rules = asList(at(cronJob, "spec.jobTemplate.spec.podFailurePolicy.rules"), "rules");

		// when
		Map<String, Set<Integer>> codesByAction = new LinkedHashMap<>();
		for (Map<String, Object> rule : rules) {
			if (rule.containsKey("onExitCodes")) {
				List<?> values = (List<?>) at(rule, "onExitCodes.values");
				assertThat(values).as("Kubernetes wants them ascending").isSortedAccordingTo(
						(a, b) -> Integer.compare((Integer) a, (Integer) b));
				assertThat(at(rule, "onExitCodes.containerName")).isEqualTo(Recipes.onlyContainer(pod).get("name"));
				codesByAction.computeIfAbsent((String) rule.get("action"), (k) -> new TreeSet<>())
					.addAll(values.stream().map(Integer.class::cast).toList());
			}
		}

		// then
		assertThat(at(cronJob, "spec.concurrencyPolicy")).isEqualTo("Forbid");
		assertThat(pod.get("restartPolicy")).as("podFailurePolicy requires Never").isEqualTo("Never");
		assertThat(codesByAction).containsOnlyKeys("FailJob", "Count");
		assertThat(codesByAction.get("FailJob")).isEqualTo(NOT_RETRYABLE);
		assertThat(codesByAction.get("Count")).isEqualTo(RETRYABLE);
		Set<Integer> decided = new TreeSet<>(NOT_RETRYABLE);
		decided.addAll(RETRYABLE);
		decided.add(ExitCode.COMPLETED.code());
		assertThat(decided).as("every exit code the tool has is either retried or not")
			.isEqualTo(Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet()));
		assertThat(rules).anyMatch((rule) -> "Ignore".equals(rule.get("action"))
				&& String.valueOf(rule.get("onPodConditions")).contains("DisruptionTarget"));
	}

	@Test
	void theCronJobsRetriesEndOnTheUtcDayTheRunStartedSoTheyResumeTheSameRunDate() throws IOException {
		// given: runDate defaults to today in UTC, so a retry after midnight UTC would start another run
		Map<String, Object> cronJob = Recipes.kubernetes("cronjob-run.yaml").only("CronJob");
		String[] cron = ((String) at(cronJob, "spec.schedule")).split(" ");

		// when
		int firesAtSecondOfDay = Integer.parseInt(cron[1]) * 3600 + Integer.parseInt(cron[0]) * 60;
		int deadline = (Integer) at(cronJob, "spec.jobTemplate.spec.activeDeadlineSeconds");
		long startingDeadline = ((Number) at(cronJob, "spec.startingDeadlineSeconds")).longValue();

		// then
		assertThat(at(cronJob, "spec.timeZone")).isIn("Etc/UTC", "UTC");
		assertThat(firesAtSecondOfDay + startingDeadline + deadline).isLessThanOrEqualTo(24 * 3600);
	}

	@Test
	void theSchedulerRunsTwoReplicasOnTheSharedPostgresqlWithQuartzClustered() throws IOException {
		// given
		Map<String, Object> deployment = Recipes.kubernetes("scheduler-deployment.yaml").only("Deployment");
		Map<String, Object> container = Recipes.onlyContainer(Recipes.schedulerPod());
		Map<String, Object> config = new Yaml().load((String) asMap(
				Recipes.kubernetes("config.yaml").named("ConfigMap", "avala-pipeline-config").get("data"), "data")
			.get("application.yml"));

		// when
		Map<String, Object> quartz = asMap(at(config, "spring.quartz.properties"), "spring.quartz.properties");

		// then
		assertThat(at(deployment, "spec.replicas")).isEqualTo(2);
		assertThat(Recipes.containerArguments(container).get(0)).isEqualTo("scheduler");
		assertThat(env(container).get("SPRING_DATASOURCE_URL")).asString().startsWith("jdbc:postgresql://");
		assertThat(quartz).containsEntry("org.quartz.jobStore.isClustered", true)
			.containsEntry("org.quartz.scheduler.instanceId", "AUTO");
		// The stop at a safe point waits out the upload chunk in flight or a 429's Retry-After: minutes, not
		// Kubernetes' default 30 s.
		assertThat((Integer) Recipes.schedulerPod().get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(120);
		assertThat(Recipes.kubernetes("scheduler-deployment.yaml").only("PodDisruptionBudget")).isNotNull();
	}

	@Test
	void everyPodRunsAsNonRootWithTheApiKeyAndPasswordsFromSecrets() throws IOException {
		for (Map<String, Object> pod : List.of(Recipes.cronJobPod(), Recipes.schedulerPod())) {
			// given
			Map<String, Object> container = Recipes.onlyContainer(pod);
			List<Map<String, Object>> env = asList(container.get("env"), "env");

			// then
			assertThat(at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
			assertThat((Integer) at(pod, "securityContext.runAsUser")).isPositive();
			assertThat(at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
			assertThat(env).filteredOn((e) -> "AVALA_API_KEY".equals(e.get("name"))).singleElement()
				.satisfies((e) -> {
					assertThat(e).doesNotContainKey("value");
					assertThat(at(e, "valueFrom.secretKeyRef.name")).isNotNull();
					assertThat(at(e, "valueFrom.secretKeyRef.key")).isNotNull();
				});
			assertThat(env).filteredOn((e) -> String.valueOf(e.get("name")).matches(".*(KEY|PASSWORD|SECRET|TOKEN).*"))
				.allSatisfy((e) -> assertThat(e).doesNotContainKey("value").containsKey("valueFrom"));
			assertThat(asList(container.get("volumeMounts"), "volumeMounts")).extracting((m) -> m.get("mountPath"))
				.contains(Recipes.WORKDIR + "/config", Recipes.WORKDIR + "/jobs", Recipes.WORKDIR + "/data");
		}
		for (String file : List.of("config.yaml", "cronjob-run.yaml", "scheduler-deployment.yaml")) {
			assertThat(Recipes.kubernetes(file).objects()).as(file + ": secrets are created from files, not shipped")
				.noneMatch((o) -> "Secret".equals(o.get("kind")));
		}
	}

	@Test
	void theKubernetesConfigMapsHoldValidScheduleAndJobFiles(@TempDir Path pod) throws IOException {
		// given: the ConfigMaps mounted as the pods mount them, one file per key
		KubernetesManifest config = Recipes.kubernetes("config.yaml");
		materialise(config.named("ConfigMap", "avala-pipeline-jobs"), pod.resolve("jobs"));
		materialise(config.named("ConfigMap", "avala-pipeline-schedules"), pod.resolve("schedules"));

		// when
		Result listed = cli("schedules", "list", "--schedules", pod.resolve("schedules").toString());

		// then
		assertThat(listed.exitCode()).as(listed.toString()).isZero();
		assertThat(listed.out()).contains("nightly  job=").contains("jobs/nightly.yml").contains("cron='0 0 2 * * ?'");
	}

	@Test
	void theSystemdUnitsAreValidForSystemd(@TempDir Path units) throws Exception {
		// given: instances of the templates, as 'systemctl enable avala-pipeline@nightly.timer' makes them
		Path systemd = Recipes.FOLDER.resolve("systemd");
		Files.copy(systemd.resolve("avala-pipeline@.service"), units.resolve("avala-pipeline@nightly.service"));
		Files.copy(systemd.resolve("avala-pipeline@.timer"), units.resolve("avala-pipeline@nightly.timer"));
		Files.copy(systemd.resolve("avala-scheduler.service"), units.resolve("avala-scheduler.service"));
		List<Path> files;
		try (Stream<Path> listed = Files.list(units)) {
			files = listed.sorted().toList();
		}
		for (Path file : files) {
			SystemdUnit.read(file); // the INI syntax, everywhere
		}
		Path analyze = Path.of("/usr/bin/systemd-analyze");
		if (!Files.isExecutable(analyze)) {
			System.out.println("systemd-analyze is not installed: the units were checked as INI files only");
			return;
		}

		// when
		List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify"));
		files.forEach((file) -> command.add(file.toString()));
		Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();

		// then: systemd-analyze exits 0 on an unknown key or a bad value, with a warning: none is allowed
		assertThat(verify.exitValue()).as(output).isZero();
		assertThat(output).as("systemd-analyze verify's warnings").isEmpty();
	}

	@Test
	void theSystemdUnitsTakeTheKeyFromAnEnvironmentFileAndRetryOnlyTheExitCodesARestartCanFix() throws IOException {
		// given
		SystemdUnit run = Recipes.systemd("avala-pipeline@.service");
		SystemdUnit timer = Recipes.systemd("avala-pipeline@.timer");
		SystemdUnit scheduler = Recipes.systemd("avala-scheduler.service");
		Map<String, String> example = envFile(Recipes.FOLDER.resolve("systemd/avala-pipeline.env.example"));

		// then
		for (SystemdUnit unit : List.of(run, scheduler)) {
			assertThat(unit.value("Service", "EnvironmentFile")).startsWith("/etc/");
			assertThat(unit.values("Service", "Environment")).noneMatch((e) -> e.contains("AVALA_API_KEY"));
			assertThat(unit.value("Service", "User")).isNotIn("root", "0");
			assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
			assertThat(unit.value("Service", "ExecStart")).doesNotContain("api-key").doesNotContain("AVALA_API_KEY");
		}
		assertThat(ints(run.value("Service", "RestartPreventExitStatus"))).isEqualTo(NOT_RETRYABLE);
		assertThat(run.values("Service", "SuccessExitStatus")).as("7 must stay a failure, so that it is retried")
			.isEmpty();
		assertThat(ints(scheduler.value("Service", "SuccessExitStatus"))).containsExactly(ExitCode.STOPPED.code());
		assertThat(ints(scheduler.value("Service", "RestartPreventExitStatus"))).containsExactly(ExitCode.USAGE.code());
		assertThat(timer.value("Timer", "OnCalendar")).endsWith("UTC");
		assertThat(timer.value("Timer", "Persistent")).isEqualTo("true");
		assertThat(example).containsEntry("AVALA_API_KEY", "");
	}

	@Test
	void everyCommandARecipeRunsIsDocumentedInTheReadmeAndAcceptedByTheCli() throws IOException {
		// given
		Map<String, List<String>> commands = new LinkedHashMap<>();
		commands.put("Dockerfile CMD", Recipes.dockerfile().last("CMD").execForm());
		commands.put("CronJob", Recipes.containerArguments(Recipes.onlyContainer(Recipes.cronJobPod())));
		commands.put("Deployment", Recipes.containerArguments(Recipes.onlyContainer(Recipes.schedulerPod())));
		commands.put("avala-pipeline@nightly.service",
				Recipes.execStartArguments(Recipes.systemd("avala-pipeline@.service"), "nightly"));
		commands.put("avala-scheduler.service",
				Recipes.execStartArguments(Recipes.systemd("avala-scheduler.service"), "-"));
		List<String> documented = documentedCommands();

		for (Map.Entry<String, List<String>> recipe : commands.entrySet()) {
			// when: picocli parses the command line strictly (an unknown option, a missing parameter, an unknown
			// command throw), as the tool would before running it
			List<CommandLine> parsed = parse(recipe.getValue());

			// then
			String command = recipe.getValue().get(0);
			assertThat(documented).as(recipe.getKey() + " runs '" + command + "': the README's Commands table must have it")
				.contains(command);
			assertThat(parsed.get(parsed.size() - 1).getCommandSpec().qualifiedName(" "))
				.as(recipe.getKey()).startsWith("avala-pipeline " + command);
			assertThat(cli(with(recipe.getValue(), "--help")).out()).as(recipe.getKey())
				.startsWith("Usage: avala-pipeline " + command);
		}
	}

	/**
	 * The commands picocli parses from {@code args}, outermost first. Arguments {@code --some.property=value} are
	 * configuration properties, which the tool takes out before picocli (README "Commands").
	 */
	static List<CommandLine> parse(List<String> args) {
		List<String> options = args.stream().filter((arg) -> !arg.matches("--[a-z][a-z0-9-]*(\\.[a-z0-9-\\[\\]]+)+=.*"))
			.toList();
		try {
			return new CommandLine(new PipelineCommandLine(Map.of(), System.out, System.err))
				.parseArgs(options.toArray(String[]::new))
				.asCommandLineList();
		}
		catch (CommandLine.ParameterException ex) {
			throw new AssertionError("the tool refuses '" + String.join(" ", args) + "': " + ex.getMessage(), ex);
		}
	}

	private static String[] with(List<String> args, String more) {
		List<String> all = new ArrayList<>(args);
		all.add(more);
		return all.toArray(String[]::new);
	}

	/** The first word of each command in the README's Commands table. */
	static List<String> documentedCommands() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		String table = readme.substring(readme.indexOf("## Commands"), readme.indexOf("### Exit codes"));
		return table.lines()
			.filter((line) -> line.startsWith("| `"))
			.flatMap((line) -> Stream.of(line.split("\\|")[1].split("/")))
			.map((cell) -> cell.strip().replace("`", "").split(" ")[0])
			.distinct()
			.toList();
	}

	static Result cli(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new PipelineCommandLine(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8))
			.execute(args);
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String out, String err) {
	}

	private static void materialise(Map<String, Object> configMap, Path folder) throws IOException {
		Files.createDirectories(folder);
		for (Map.Entry<String, Object> file : asMap(configMap.get("data"), "data").entrySet()) {
			Files.writeString(folder.resolve(file.getKey()), (String) file.getValue());
		}
	}

	/** The literal values of a container's environment (those from a secret or a ConfigMap are left out). */
	private static Map<String, Object> env(Map<String, Object> container) {
		Map<String, Object> values = new LinkedHashMap<>();
		asList(container.get("env"), "env").stream()
			.filter((e) -> e.containsKey("value"))
			.forEach((e) -> values.put((String) e.get("name"), e.get("value")));
		return values;
	}

	private static Map<String, String> envFile(Path file) throws IOException {
		return Files.readAllLines(file)
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf('=')),
					(line) -> line.substring(line.indexOf('=') + 1)));
	}

	private static Set<Integer> ints(String words) {
		return Arrays.stream(words.split("\\s+")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<Integer> codes(ExitCode... codes) {
		return Arrays.stream(codes).map(ExitCode::code).collect(Collectors.toCollection(TreeSet::new));
	}

}
