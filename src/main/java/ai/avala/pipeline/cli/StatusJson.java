package ai.avala.pipeline.cli;

import java.util.List;

import ai.avala.pipeline.lifecycle.AnnotationProgress;
import ai.avala.pipeline.lifecycle.RunRecord;
import ai.avala.pipeline.lifecycle.RunState;
import ai.avala.pipeline.report.Redactor;
import ai.avala.pipeline.report.RunView;
import ai.avala.pipeline.report.RunView.ExecutionView;
import ai.avala.pipeline.report.RunViews;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;

/**
 * {@code status --json}: what {@code status} prints, as JSON for scripts. The listing is JSON Lines (one run per
 * line, newest first), so a script can stream it; {@code status <id> --json} is one object, the execution and its
 * run. Fields in the README ("JSON output").
 */
final class StatusJson {

	/** One line per value: no indentation, so JSON Lines stay one object a line. */
	static final JsonMapper JSON = JsonMapper.builder().build();

	private final RunViews views;

	private final RunSummary summary;

	private final Redactor redactor;

	StatusJson(RunViews views, RunSummary summary, Redactor redactor) {
		this.views = views;
		this.summary = summary;
		this.redactor = redactor;
	}

	String run(JobInstance instance, JobExecution last) {
		return JSON.writeValueAsString(runStatus(instance, last));
	}

	String execution(JobExecution execution, JobInstance instance, JobExecution last) {
		return JSON.writeValueAsString(
				new OneExecution(this.views.execution(execution), runStatus(instance, last)));
	}

	private RunStatus runStatus(JobInstance instance, JobExecution last) {
		RunView view = this.views.of(instance);
		RunRecord record = RunState.read(last);
		RunSummary.Process process = this.summary.process(last);
		RunSummary.ProjectState project = (record.project().uid() != null) ? this.summary.projectState(record) : null;
		return new RunStatus(view.name(), view.runDate(), view.instanceId(), view.status(),
				new Process(process.state(), process.detail()),
				new Remote(record.dataset().uid(), record.project().uid(),
						(project != null) ? project.status() : null,
						(project != null) ? this.redactor.clean(project.detail()) : null, record.export().uid()),
				view.exportFile(), this.redactor.clean(RunSummary.failure(last)), view.uploads(),
				this.summary.annotation(last).orElse(null), view.executions());
	}

	/** {@code status <id> --json}. */
	record OneExecution(ExecutionView execution, RunStatus run) {
	}

	/**
	 * One run, as {@code status} shows it.
	 *
	 * @param status the status of its last execution
	 * @param failure the last execution's failure in one line, or null
	 * @param annotation the annotation wait's last reading (tasks, work batches), or null before the wait
	 */
	record RunStatus(String name, String runDate, long instanceId, String status, Process process, Remote remote,
			String exportFile, String failure, RunView.Uploads uploads, AnnotationProgress annotation,
			List<ExecutionView> executions) {
	}

	/** @param state {@code live}, {@code dead} or {@code not running} */
	record Process(String state, String detail) {
	}

	/**
	 * @param projectStatus the project's status on the Avala side when asked (needs AVALA_API_KEY), else null
	 * @param projectStatusDetail what status prints about it
	 */
	record Remote(String datasetUid, String projectUid, String projectStatus, String projectStatusDetail,
			String exportUid) {
	}

}
