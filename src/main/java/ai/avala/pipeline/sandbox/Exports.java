package ai.avala.pipeline.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every export, the per-organisation limit on exports in progress, and the download tokens.
 */
final class Exports {

	static final int MAX_IN_PROGRESS = 5;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Export> byUid = new ConcurrentHashMap<>();

	private final Map<String, Export> byToken = new ConcurrentHashMap<>();

	private final List<Export> ordered = new ArrayList<>();

	private final Datasets datasets;

	private final Projects projects;

	private final EventSink events;

	private final String origin;

	Exports(Datasets datasets, Projects projects, EventSink events, String origin) {
		this.datasets = datasets;
		this.projects = projects;
		this.events = events;
		this.origin = origin;
	}

	/** Creates an export unless the organisation already has five in progress (then 429). */
	synchronized Export create(String orgId, String name, String format, List<String> datasetUids,
			List<String> projectUids, Instant now, Duration duration, boolean doomed, SandboxClock clock) {
		List<Export> running = new ArrayList<>();
		for (Export export : ordered) {
			if (export.orgId.equals(orgId)) {
				update(export, now);
				if (export.inProgress()) {
					running.add(export);
				}
			}
		}
		if (running.size() >= MAX_IN_PROGRESS) {
			Instant first = running.stream().map(Export::doneAt).min(Instant::compareTo).orElse(now);
			long seconds = Math.max(1, (clock.realUntil(first).toMillis() + 999) / 1000);
			throw ApiException.detail(429, "Too many exports in progress: at most " + MAX_IN_PROGRESS
					+ " per organisation. Expected available in " + seconds + " seconds.")
				.header("Retry-After", Long.toString(seconds));
		}
		byte[] token = new byte[24];
		RANDOM.nextBytes(token);
		Export export = new Export(UUID.randomUUID().toString(), orgId, name, format, datasetUids, projectUids, now,
				duration, doomed, HexFormat.of().formatHex(token));
		byUid.put(export.uid, export);
		byToken.put(HexFormat.of().formatHex(token), export);
		ordered.add(export);
		return export;
	}

	Export get(String orgId, String uid, Instant now) {
		Export export = byUid.get(uid);
		if (export == null || !export.orgId.equals(orgId)) {
			throw ApiException.notFound();
		}
		update(export, now);
		return export;
	}

	Export find(String uid) {
		return byUid.get(uid);
	}

	Export byToken(String token) {
		return byToken.get(token);
	}

	/** The organisation's exports newest first, optionally only those covering a dataset. */
	List<Export> list(String orgId, String datasetUid, Instant now) {
		List<Export> result = new ArrayList<>();
		for (Export export : snapshot()) {
			if (export.orgId.equals(orgId) && (datasetUid == null || export.datasets.contains(datasetUid))) {
				update(export, now);
				result.add(0, export);
			}
		}
		return result;
	}

	void tick(Instant now) {
		for (Export export : snapshot()) {
			update(export, now);
		}
	}

	void fail(Export export, Instant now) {
		if (export.fail(now) && events.wants(export.orgId, "export.failed")) {
			events.publish(export.orgId, "export.failed", export.json(origin));
		}
	}

	String origin() {
		return origin;
	}

	synchronized int count() {
		return ordered.size();
	}

	private synchronized List<Export> snapshot() {
		return new ArrayList<>(ordered);
	}

	private void update(Export export, Instant now) {
		String event = export.update(now, this::build);
		if (event != null && events.wants(export.orgId, event)) {
			events.publish(export.orgId, event, export.json(origin));
		}
	}

	private ExportArchive.Built build(Export export) {
		List<ExportArchive.Item> items = new ArrayList<>();
		Set<String> datasetUids = new LinkedHashSet<>(export.datasets);
		int total = 0;
		int exported = 0;
		for (String projectUid : export.projects) {
			Project project = projects.find(projectUid);
			if (project != null) {
				datasetUids.addAll(project.datasetUids);
				int[] counts = project.taskCounts();
				total += counts[0];
				exported += counts[1];
			}
		}
		for (String datasetUid : datasetUids) {
			Dataset dataset = datasets.find(datasetUid);
			if (dataset != null) {
				for (int i = 0; i < dataset.files.size(); i++) {
					items.add(new ExportArchive.Item(datasetUid, dataset.files.name(i)));
				}
			}
		}
		if (export.projects.isEmpty()) {
			total = items.size();
			exported = items.size();
		}
		byte[] zip = ExportArchive.build(export.format, export.uid, items);
		return new ExportArchive.Built(zip, new ExportArchive.Counts(total, exported));
	}

}
