package ai.avala.pipeline.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every dataset of every organisation, newest last; reads are scoped to the caller's organisation.
 */
final class Datasets {

	private final Map<String, Dataset> byUid = new ConcurrentHashMap<>();

	private final List<Dataset> ordered = new ArrayList<>();

	synchronized void add(Dataset dataset) {
		byUid.put(dataset.uid, dataset);
		ordered.add(dataset);
	}

	/** The caller's dataset, else 404 (other organisations' datasets do not exist for it). */
	Dataset get(String orgId, String uid) {
		Dataset dataset = byUid.get(uid);
		if (dataset == null || !dataset.orgId.equals(orgId)) {
			throw ApiException.notFound();
		}
		return dataset;
	}

	Dataset find(String uid) {
		return byUid.get(uid);
	}

	/** The organisation's datasets, newest first. */
	synchronized List<Dataset> list(String orgId) {
		List<Dataset> result = new ArrayList<>();
		for (int i = ordered.size() - 1; i >= 0; i--) {
			if (ordered.get(i).orgId.equals(orgId)) {
				result.add(ordered.get(i));
			}
		}
		return result;
	}

	synchronized List<Dataset> all() {
		return new ArrayList<>(ordered);
	}

	/** The newest dataset with this name that declared this file: where the two upload flows meet. */
	Dataset findDeclaring(String orgId, String name, String path) {
		for (Dataset dataset : list(orgId)) {
			if (dataset.name.equals(name) && dataset.files.indexOf(path) >= 0) {
				return dataset;
			}
		}
		return null;
	}

	boolean slugTaken(String orgId, String slug) {
		return list(orgId).stream().anyMatch((dataset) -> slug.equals(dataset.slug));
	}

	synchronized int count() {
		return ordered.size();
	}

}
