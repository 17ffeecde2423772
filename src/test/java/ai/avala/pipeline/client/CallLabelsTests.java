package ai.avala.pipeline.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallLabelsTests {

	@Test
	void aPathBecomesItsRouteTemplateWithoutUidOrQuery() {
		assertThat(CallLabels.route("/api/v1/datasets/3fa85f64-5717-4562-b3fc-2c963f66afa6/"))
			.isEqualTo("/datasets/{uid}/");
		assertThat(CallLabels.route("/api/v1/projects/p-1/approve/")).isEqualTo("/projects/{uid}/approve/");
		assertThat(CallLabels.route("/api/v1/projects/p-1/metrics/")).isEqualTo("/projects/{uid}/metrics/");
		assertThat(CallLabels.route("/api/v1/users/me/projects/?name=secret-name&page=2"))
			.isEqualTo("/users/me/projects/");
		assertThat(CallLabels.route("/datasets/manual-upload/file-upload-url/"))
			.isEqualTo("/datasets/manual-upload/file-upload-url/");
		assertThat(CallLabels.route("/v1/webhooks/w1/")).isEqualTo("/webhooks/{uid}/");
	}

	@Test
	void aPathOfNoKnownRouteIsOtherSoLabelsStayBounded() {
		assertThat(CallLabels.route("/api/v1/datasets/a/b/c/d/e/")).isEqualTo("other");
		assertThat(CallLabels.route("/api/v1/unknown/x/")).isEqualTo("other");
		assertThat(CallLabels.route("/api/v1/projects/p-1/delete-everything/")).isEqualTo("other");
		assertThat(CallLabels.route((String) null)).isEqualTo("other");
	}

	@Test
	void everyRouteTheClientCallsIsKnown() {
		assertThat(CallLabels.ROUTES).allSatisfy((route) -> assertThat(
				CallLabels.route("/api/v1" + route.replace("{uid}", "u-1"))).isEqualTo(route));
	}

	@Test
	void aFailureNamesItsRetryReason() {
		assertThat(CallLabels.retryReason(new AvalaRateLimitedException("GET", "/x/", "slow", Duration.ofSeconds(1))))
			.isEqualTo("429");
		assertThat(CallLabels.retryReason(new AvalaServerException(502, null, "GET", "/x/", "bad gateway", null)))
			.isEqualTo("5xx");
		assertThat(CallLabels.retryReason(new AvalaConnectionException(0, null, "GET", "/x/",
				AvalaHttp.describe(new IOException("Connection reset")), null))).isEqualTo("connection");
		assertThat(CallLabels.retryReason(new AvalaConnectionException(0, null, "GET", "/x/",
				AvalaHttp.describe(new TimeoutException("no complete answer within PT2M")), null))).isEqualTo("timeout");
		assertThat(CallLabels.retryReason(new StorageException(400, "RequestTimeout", "PUT host/key", "idle", null)))
			.isEqualTo("timeout");
		assertThat(CallLabels.retryReason(new StorageException(503, null, "PUT host/key", "slow down", null)))
			.isEqualTo("5xx");
	}

	@Test
	void aStorageFailureIsCountedUnderStorageNeverItsUrl() {
		assertThat(CallLabels.route(new StorageException(503, null, "PUT bucket.s3/key", "x", null)))
			.isEqualTo("storage");
		assertThat(CallLabels.route(new AvalaServerException(503, null, "GET", "/api/v1/exports/e-1/?x=1", "x", null)))
			.isEqualTo("/exports/{uid}/");
	}

}
