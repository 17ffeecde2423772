package ai.avala.pipeline.webhook;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AwaitedProjectsTests {

	private final AwaitedProjects awaited = new AwaitedProjects();

	@Test
	void anAcceptedResultWakesOnlyWhenItMayBeTheLastOpenTask() {
		// given
		this.awaited.awaiting("p", 3);
		// when / then
		assertThat(this.awaited.shouldWake("result.accepted", List.of("p"))).isFalse();
		assertThat(this.awaited.shouldWake("result.accepted", List.of("p"))).isFalse();
		assertThat(this.awaited.shouldWake("result.accepted", List.of("p"))).isTrue();
	}

	@Test
	void aNewCheckResetsTheCount() {
		// given: an early wake, then a check that still found open tasks
		this.awaited.awaiting("p", 1);
		this.awaited.shouldWake("result.accepted", List.of("p"));
		// when
		this.awaited.awaiting("p", 2);
		// then
		assertThat(this.awaited.shouldWake("result.accepted", List.of("p"))).isFalse();
	}

	@Test
	void statusChangesExportsAndUnknownEventsAlwaysWake() {
		// given
		this.awaited.awaiting("p", 100);
		// when / then
		assertThat(this.awaited.shouldWake("project.status_changed", List.of("p"))).isTrue();
		assertThat(this.awaited.shouldWake("export.completed", List.of("p"))).isTrue();
		assertThat(this.awaited.shouldWake("something.new", List.of())).isTrue();
	}

	@Test
	void resultsOfProjectsNobodyAwaitsDoNotWake() {
		assertThat(this.awaited.shouldWake("result.accepted", List.of("other"))).isFalse();
	}

	@Test
	void aResultNamingNoProjectWakes() {
		assertThat(this.awaited.shouldWake("result.accepted", List.of())).isTrue();
	}

}
