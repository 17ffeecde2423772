package ai.avala.pipeline.lifecycle;

import java.time.Clock;

import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.Dataset;
import ai.avala.pipeline.client.Project;
import ai.avala.pipeline.client.Sleeper;
import ai.avala.pipeline.definition.JobDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step {@code cloneTemplate}: waits until the dataset is {@code created}, then clones the template project
 * onto it exactly once (a lost answer is followed by a look-up by name, contract §4).
 */
public class CloneTemplateTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(CloneTemplateTasklet.class);

	private static final String SEEN_STATUS = "dataset.seen.status";

	private final AvalaClient api;

	private final RunState state;

	private final CreateOnce creates;

	private final Clock clock;

	private final Sleeper sleeper;

	public CloneTemplateTasklet(AvalaClient api, RunState state, CreateOnce creates, Clock clock, Sleeper sleeper) {
		this.api = api;
		this.state = state;
		this.creates = creates;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = contribution.getStepExecution();
		RunContext run = RunContext.of(step);
		if (this.state.read(step).project().uid() != null) {
			return RepeatStatus.FINISHED;
		}
		String datasetUid = datasetUid(step, run);
		Dataset dataset = this.api.getDataset(datasetUid);
		if (dataset.failed()) {
			throw new IllegalStateException("dataset " + datasetUid + " is " + dataset.status()
					+ " on the Avala side; check it in Avala, then start a new run (another runDate)");
		}
		if (!dataset.ready()) {
			sayWhatIsAwaited(step, dataset);
			Wait wait = new Wait(step, "dataset", this.clock, this.sleeper);
			wait.checkDeadline("dataset " + datasetUid + " to be created", run.definition().pollTimeout(),
					dataset.status());
			wait.pause(false, run.definition().pollInterval().dividedBy(4), run.definition().pollInterval());
			return RepeatStatus.CONTINUABLE;
		}
		String projectUid = clone(step, run, datasetUid);
		log.info("Project {} ({}) cloned from template {}", projectUid, run.resourceName(),
				run.definition().templateProjectUid());
		return RepeatStatus.FINISHED;
	}

	private String datasetUid(StepExecution step, RunContext run) {
		String uid = this.state.read(step).dataset().uid();
		if (uid != null) {
			return uid;
		}
		if (run.definition().uploadFlow() != JobDefinition.UploadFlow.PER_FILE) {
			throw new IllegalStateException("no dataset was recorded by step createDataset");
		}
		return finalise(step, run);
	}

	/** §3b finalise: turns the staged files into the dataset, once. */
	private String finalise(StepExecution step, RunContext run) {
		String name = run.resourceName();
		return this.creates.uid(step, RunRecord.Resource.DATASET, "dataset " + name,
				() -> this.api.findDatasets(name).stream().findFirst().map(Dataset::uid),
				() -> this.api.finalisePerFileDataset(name, slug(name), run.definition().dataType()).uid());
	}

	private String clone(StepExecution step, RunContext run, String datasetUid) {
		String name = run.resourceName();
		return this.creates.uid(step, RunRecord.Resource.PROJECT, "project " + name,
				() -> this.api.findProjects(name).stream().findFirst().map(Project::uid),
				() -> this.api.cloneProject(run.definition().templateProjectUid(), name, datasetUid,
						run.definition().dataType()).uid());
	}

	/** One line per status the dataset is seen in, so a long indexing wait is not silent. */
	private static void sayWhatIsAwaited(StepExecution step, Dataset dataset) {
		var context = step.getExecutionContext();
		if (java.util.Objects.equals(dataset.status(), context.getString(SEEN_STATUS, null))) {
			return;
		}
		context.putString(SEEN_STATUS, dataset.status());
		log.info("Dataset {} is {}: waiting for Avala to finish indexing its files{} (status created) before cloning "
				+ "the template; up to poll.timeout", dataset.uid(), dataset.status(),
				(dataset.itemCount() != null) ? " (" + dataset.itemCount() + " indexed so far)" : "");
	}

	static String slug(String name) {
		return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
	}

}
