package ai.avala.pipeline.client;

import org.springframework.http.HttpHeaders;

/**
 * One HTTP answer of the API, body read as text, with the request it answered (method and path) so that a
 * body the client cannot read can be reported against it.
 */
record ApiAnswer(int status, HttpHeaders headers, String body, String method, String path) {

	ApiAnswer(int status, HttpHeaders headers, String body) {
		this(status, headers, body, "-", "-");
	}

	ApiAnswer to(String method, String path) {
		return new ApiAnswer(this.status, this.headers, this.body, method, path);
	}

	boolean successful() {
		return this.status >= 200 && this.status < 300;
	}

}
