package ai.avala.pipeline.webhook;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryBodyTests {

	@Test
	void aResultNamesItsProject() {
		assertThat(DeliveryBody.projectUids("result.accepted", bytes("{\"uid\":\"r\",\"project_uid\":\"p\"}")))
			.containsExactly("p");
	}

	@Test
	void aProjectIsItsOwnUid() {
		assertThat(DeliveryBody.projectUids("project.status_changed", bytes("{\"uid\":\"p\",\"status\":\"completed\"}")))
			.containsExactly("p");
	}

	@Test
	void anExportListsItsProjects() {
		assertThat(DeliveryBody.projectUids("export.completed", bytes("{\"uid\":\"e\",\"projects\":[\"p\",\"q\"]}")))
			.containsExactly("p", "q");
	}

	@Test
	void aBodyThatIsNotJsonNamesNone() {
		assertThat(DeliveryBody.projectUids("result.accepted", bytes("not json"))).isEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
