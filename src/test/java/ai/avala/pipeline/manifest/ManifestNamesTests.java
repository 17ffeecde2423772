package ai.avala.pipeline.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "a.jpg", "images/2024/0001.jpg", "spaces are fine.png", "ünïcødé/名前.jpg", "a/./b",
			"..hidden", "a..b" })
	void acceptsRelativePosixPaths(String name) {
		// given / when
		String problem = ManifestNames.problem(name);

		// then
		assertThat(problem).isNull();
	}

	@Test
	void refusesAnEmptyName() {
		assertThat(ManifestNames.problem("")).startsWith("is empty");
		assertThat(ManifestNames.problem(null)).startsWith("is empty");
	}

	@Test
	void refusesALeadingSlash() {
		assertThat(ManifestNames.problem("/images/a.jpg")).startsWith("starts with '/'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", "../a.jpg", "a/../b.jpg", "a/.." })
	void refusesADotDotSegment(String name) {
		assertThat(ManifestNames.problem(name)).startsWith("has a '..' segment");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a//b.jpg", "images/", "a/b//" })
	void refusesAnEmptySegment(String name) {
		assertThat(ManifestNames.problem(name)).isEqualTo("has an empty segment ('//' or a trailing '/')");
	}

	@Test
	void refusesABackslash() {
		assertThat(ManifestNames.problem("images\\a.jpg")).isEqualTo("contains a backslash; use '/' between folders");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\nb.jpg", "a\tb.jpg", "a\u0000b", "a\u007Fb", "a\u0085b" })
	void refusesControlCharacters(String name) {
		assertThat(ManifestNames.problem(name)).startsWith("contains the control character U+");
	}

	@Test
	void acceptsExactly1024BytesOfUtf8() {
		// given: 'é' takes two bytes in UTF-8
		String name = "é".repeat(512);

		// when / then
		assertThat(ManifestNames.problem(name)).isNull();
	}

	@Test
	void refusesMoreThan1024BytesOfUtf8() {
		// given
		String name = "é".repeat(512) + "a";

		// when / then
		assertThat(ManifestNames.problem(name)).isEqualTo("is 1025 bytes long in UTF-8; the limit is 1024");
	}

}
