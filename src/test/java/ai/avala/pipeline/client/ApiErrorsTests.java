package ai.avala.pipeline.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorsTests {

	private final ApiErrors errors = new ApiErrors(AvalaJson.mapper());

	@Test
	void missingScopeNamesTheScope() {
		AvalaApiException error = this.errors.from(403,
				"{\"detail\": \"Key lacks scope.\", \"code\": \"scope_required\", \"required_scope\": \"exports.create\"}",
				null, "POST", "/exports/");
		assertThat(error).isInstanceOf(AvalaScopeException.class);
		assertThat(((AvalaScopeException) error).requiredScope()).isEqualTo("exports.create");
		assertThat(error.getMessage()).contains("POST /exports/", "HTTP 403", "scope_required", "exports.create");
	}

	@Test
	void insufficientPlanIsItsOwnType() {
		AvalaApiException error = this.errors.from(403,
				"{\"detail\": \"Upgrade.\", \"code\": \"plan_insufficient\", \"doc_url\": \"https://docs\"}", null, "POST",
				"/projects/p/approve/");
		assertThat(error).isInstanceOf(AvalaPlanException.class);
		assertThat(error.code()).isEqualTo("plan_insufficient");
	}

	@Test
	void unauthenticatedCarriesTheDetail() {
		AvalaApiException error = this.errors.from(401, "{\"detail\": \"API key has expired.\"}", null, "GET",
				"/datasets/");
		assertThat(error).isInstanceOf(AvalaAuthenticationException.class);
		assertThat(error.getMessage()).contains("HTTP 401", "API key has expired.");
	}

	@Test
	void validationFieldMapBecomesTheDetail() {
		AvalaApiException error = this.errors.from(400, "{\"files\": [\"files[3].name: must not contain '..'\"]}",
				null, "POST", "/datasets/manual-upload/");
		assertThat(error).isInstanceOf(AvalaInvalidRequestException.class);
		assertThat(error.detail()).isEqualTo("files: files[3].name: must not contain '..'");
	}

	@Test
	void throttledReadsRetryAfter() {
		AvalaApiException error = this.errors.from(429,
				"{\"detail\": \"Request was throttled. Expected available in 7 seconds.\"}", "7", "GET", "/x/");
		assertThat(error).isInstanceOf(AvalaRateLimitedException.class);
		assertThat(((AvalaRateLimitedException) error).retryAfter()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void serverErrorWithAnHtmlBodyIsStillTyped() {
		AvalaApiException error = this.errors.from(502, "<html>Bad Gateway</html>", null, "GET", "/x/");
		assertThat(error).isInstanceOf(AvalaServerException.class);
		assertThat(error.transientFailure()).isTrue();
		assertThat(error.detail()).isEqualTo("<html>Bad Gateway</html>");
	}

	@Test
	void notFound() {
		assertThat(this.errors.from(404, "{\"detail\": \"Not found.\"}", null, "GET", "/projects/x/"))
			.isInstanceOf(AvalaNotFoundException.class);
	}

}
