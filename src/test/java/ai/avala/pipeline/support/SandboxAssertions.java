package ai.avala.pipeline.support;

import java.util.Map;

import ai.avala.pipeline.sandbox.AvalaSandbox;
import ai.avala.pipeline.sandbox.StoredFile;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests check on the sandbox after a run: one of each resource, and the stored files. */
public final class SandboxAssertions {

	private SandboxAssertions() {
	}

	public static void assertExactlyOneOfEach(AvalaSandbox sandbox) {
		assertThat(sandbox.stats().datasets()).as("datasets").isEqualTo(1);
		assertThat(sandbox.stats().projects()).as("projects").isEqualTo(1);
		assertThat(sandbox.stats().approvals()).as("approvals").isEqualTo(1);
		assertThat(sandbox.stats().exports()).as("exports").isEqualTo(1);
	}

	/** Every file stored, each with the right bytes (name → MD5). */
	public static Map<String, StoredFile> assertStored(AvalaSandbox sandbox, Map<String, String> md5s) {
		Map<String, StoredFile> stored = storedFiles(sandbox);
		assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(md5s.keySet());
		md5s.forEach((name, md5) -> assertThat(stored.get(name).md5Hex()).as(name).isEqualTo(md5));
		return stored;
	}

	/** The files of the run's dataset (the one the run read back by UID). */
	public static Map<String, StoredFile> storedFiles(AvalaSandbox sandbox) {
		String datasetUid = sandbox.requests()
			.stream()
			.filter((r) -> r.method().equals("GET") && r.path().matches("/api/v1/datasets/[^/]+/") && r.status() == 200)
			.map((r) -> r.path().split("/")[4])
			.findFirst()
			.orElseThrow();
		return sandbox.storedFiles(datasetUid);
	}

}
