package ai.avala.pipeline.preflight;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import ai.avala.pipeline.client.AvalaApiException;
import ai.avala.pipeline.client.AvalaAuthenticationException;
import ai.avala.pipeline.client.AvalaClient;
import ai.avala.pipeline.client.AvalaInvalidRequestException;
import ai.avala.pipeline.client.AvalaNotFoundException;
import ai.avala.pipeline.client.AvalaScopeException;
import ai.avala.pipeline.client.Organization;
import ai.avala.pipeline.client.Project;
import ai.avala.pipeline.definition.JobDefinition;
import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;

/**
 * The checks that ask the API, with reads only: the key and the organisation's plan ({@code GET
 * /organizations/}), the template ({@code GET /projects/{uid}/}) and its task type, and the read scopes the run
 * needs, each through a read route that needs it. No route lists a key's scopes, so the write scopes are
 * reported as unknown until the first write. About six calls in all.
 */
final class RemoteChecks {

	private final AvalaClient api;

	private final PreflightSubject subject;

	private final PreflightReport report;

	RemoteChecks(AvalaClient api, PreflightSubject subject, PreflightReport report) {
		this.api = api;
		this.subject = subject;
		this.report = report;
	}

	void run() {
		if (this.api == null) {
			this.report.add(Check.failed(Check.Kind.USAGE, "API key", "AVALA_API_KEY is not set; export it with your "
					+ "Avala API key (or add --sandbox)"));
			skipRest("no API key");
			return;
		}
		if (!keyAndPlan()) {
			skipRest("the key was refused");
			return;
		}
		template();
		readScopes();
		writeScopes();
	}

	/** Returns false when the key itself is refused: nothing else can be learnt then. */
	private boolean keyAndPlan() {
		List<Organization> organizations;
		try {
			organizations = this.api.organizations();
		}
		catch (AvalaAuthenticationException ex) {
			this.report.add(Check.failed(Check.Kind.REFUSED, "API key", "refused (HTTP " + ex.status() + "): "
					+ ex.detail() + "; check AVALA_API_KEY: it must be a valid, unexpired Avala API key"));
			return false;
		}
		catch (AvalaNotFoundException ex) {
			// A service without the route: the key is then told by the reads below, the plan by the first clone.
			this.report.add(Check.ok("API key", "accepted (GET /organizations/ is not served here)"));
			this.report.add(Check.warning("plan", "unknown: GET /organizations/ answered 404; the clone will tell"));
			return true;
		}
		catch (AvalaApiException ex) {
			this.report.add(unreachable("API key", ex));
			return false;
		}
		this.report.add(Check.ok("API key", "valid"));
		this.report.add(plan(organizations));
		return true;
	}

	private Check plan(List<Organization> organizations) {
		boolean needed = !this.subject.progress().done(AnnotationLifecycleJobConfiguration.APPROVE_PROJECT);
		if (organizations.isEmpty()) {
			return Check.warning("plan", "unknown: GET /organizations/ lists no organisation for this key");
		}
		for (Organization org : organizations) {
			if (org.active() && org.planAllowsPipeline()) {
				return Check.ok("plan", describe(org));
			}
		}
		Organization org = organizations.get(0);
		String plan = (org.plan() == null) ? "" : org.plan().toUpperCase(Locale.ROOT);
		if (org.active() && !List.of("FREE", "STARTER").contains(plan)) {
			return Check.warning("plan", describe(org) + ": a plan this tool does not know; the clone will tell");
		}
		String problem = describe(org) + (org.active() ? "" : ", inactive") + ": the pipeline needs the PRO or "
				+ "ENTERPRISE plan (a clone or approval would be refused: 403 plan_insufficient)";
		return needed ? Check.failed(Check.Kind.REFUSED, "plan", problem)
				: Check.warning("plan", problem + "; not needed any more: the project is approved");
	}

	private static String describe(Organization org) {
		return "organisation " + ((org.name() != null) ? org.name() : org.uid()) + " is on the " + org.plan() + " plan";
	}

	private void template() {
		JobDefinition definition = this.subject.definition();
		if (definition == null) {
			this.report.add(Check.skipped("template", "the job file could not be read"));
			this.report.add(Check.skipped("task type", "the job file could not be read"));
			return;
		}
		String projectUid = this.subject.progress().record().project().uid();
		if (projectUid != null) {
			this.report.add(Check.skipped("template", "not needed: project " + projectUid + " was cloned from it"));
			this.report.add(Check.skipped("task type", "not needed: the project exists"));
			return;
		}
		String uid = definition.templateProjectUid();
		try {
			Project template = this.api.getProject(uid);
			this.report.templateTaskType(template.taskType());
			this.report.add(Check.ok("template", uid + " (" + template.name() + ")"));
			this.report.add(taskType(definition.dataType(), template.taskType()));
		}
		catch (AvalaNotFoundException ex) {
			this.report.add(Check.failed(Check.Kind.REFUSED, "template", uid + " not found (HTTP 404)"
					+ (placeholder(uid) ? ": it looks like a placeholder" : "") + "; check templateProjectUid in "
					+ this.subject.jobFile() + " and that this key's organisation can see it"));
			this.report.add(Check.skipped("task type", "the template could not be read"));
		}
		catch (AvalaApiException ex) {
			this.report.add(refusedOrUnreachable("template", uid + " cannot be read", ex));
			this.report.add(Check.skipped("task type", "the template could not be read"));
		}
	}

	private static boolean placeholder(String uid) {
		String lower = uid.toLowerCase(Locale.ROOT);
		return lower.contains("<") || lower.contains("replace") || lower.contains("your") || lower.contains("todo")
				|| lower.contains("xxx") || lower.contains("changeme");
	}

	private static Check taskType(String dataType, String taskType) {
		TaskTypes.Family family = TaskTypes.family(taskType);
		TaskTypes.Family needed = TaskTypes.needed(dataType);
		if (taskType == null || taskType.isBlank()) {
			return Check.ok("task type", "not given by the service; assumed to fit dataType " + dataType);
		}
		if (family == TaskTypes.Family.UNKNOWN || needed == TaskTypes.Family.UNKNOWN) {
			return Check.ok("task type", taskType + ": not a task type this tool knows; assumed to fit dataType "
					+ dataType);
		}
		if (family != needed) {
			return Check.failed(Check.Kind.REFUSED, "task type", "the template's task type " + taskType + " is for "
					+ family.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " data, not dataType " + dataType
					+ "; use a template for " + dataType + " or correct dataType");
		}
		return Check.ok("task type", taskType + " fits dataType " + dataType);
	}

	private void readScopes() {
		String name = this.subject.resourceName();
		boolean cloned = this.subject.progress().done(AnnotationLifecycleJobConfiguration.CLONE_TEMPLATE);
		boolean annotated = this.subject.progress().done(AnnotationLifecycleJobConfiguration.AWAIT_COMPLETION);
		scope("datasets.read", cloned, () -> "GET /datasets/?name=",
				() -> this.api.findDatasets((name != null) ? name : "preflight"), true);
		scope("projects.read", annotated, () -> "GET /users/me/projects/?name=",
				() -> this.api.findProjects((name != null) ? name : "preflight"), true);
		String project = this.subject.progress().record().project().uid();
		String probe = (project != null) ? project
				: (this.subject.definition() != null) ? this.subject.definition().templateProjectUid() : "preflight";
		scope("work_batches.read", annotated, () -> "GET /work-batches/?project=",
				() -> this.api.workBatches(probe, 1), false);
	}

	/**
	 * One read scope, through one read route that needs it. A 403 {@code scope_required} is the answer sought; a
	 * 404 or 400 came after the scope check, so the scope is there.
	 * @param required whether the run fails without it (the wait does without work batches)
	 */
	private void scope(String scope, boolean notNeeded, Supplier<String> route, Runnable read, boolean required) {
		String name = "scope " + scope;
		if (notNeeded) {
			this.report.add(Check.skipped(name, "not needed by the steps left"));
			return;
		}
		try {
			read.run();
			this.report.add(Check.ok(name, "granted (" + route.get() + ")"));
		}
		catch (AvalaScopeException ex) {
			String detail = "missing (" + route.get() + ": HTTP 403 scope_required)";
			this.report.add(required ? Check.failed(Check.Kind.REFUSED, name, detail + "; use an API key with the "
					+ "scope " + scope + " (or a key with no scope limits)")
					: Check.warning(name, detail + "; the wait goes on with the metrics only, without per-batch "
							+ "progress"));
		}
		catch (AvalaNotFoundException | AvalaInvalidRequestException ex) {
			this.report.add(Check.ok(name, "granted (" + route.get() + " answered HTTP " + ex.status()
					+ " after the scope check)"));
		}
		catch (AvalaApiException ex) {
			this.report.add(refusedOrUnreachable(name, "could not be checked", ex));
		}
	}

	private void writeScopes() {
		var progress = this.subject.progress();
		write("datasets.write", progress.done(AnnotationLifecycleJobConfiguration.UPLOAD_FILES),
				"POST /datasets/manual-upload/");
		write("projects.write", progress.done(AnnotationLifecycleJobConfiguration.APPROVE_PROJECT),
				"POST /projects/create-from-existing/");
		write("exports.create", false, "POST /exports/ (it is also the scope that reads exports)");
	}

	private void write(String scope, boolean notNeeded, String firstWrite) {
		String name = "scope " + scope;
		this.report.add(notNeeded ? Check.skipped(name, "not needed by the steps left")
				: Check.unknown(name, "no API route tells before the first write, " + firstWrite));
	}

	private void skipRest(String why) {
		for (String name : List.of("template", "task type", "scope datasets.read", "scope projects.read",
				"scope work_batches.read")) {
			this.report.add(Check.skipped(name, why));
		}
		writeScopes();
	}

	private static Check refusedOrUnreachable(String name, String what, AvalaApiException ex) {
		if (ex.status() == 401 || ex.status() == 403) {
			return Check.failed(Check.Kind.REFUSED, name, what + ": " + ex.getMessage());
		}
		return unreachable(name, ex);
	}

	private static Check unreachable(String name, AvalaApiException ex) {
		return Check.failed(Check.Kind.UNREACHABLE, name, "the API could not be asked: " + ex.getMessage()
				+ "; try again");
	}

}
