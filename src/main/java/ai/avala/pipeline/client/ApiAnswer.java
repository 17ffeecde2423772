package ai.avala.pipeline.client;

import org.springframework.http.HttpHeaders;

/** One HTTP answer of the API, body read as text. */
record ApiAnswer(int status, HttpHeaders headers, String body) {

	boolean successful() {
		return this.status >= 200 && this.status < 300;
	}

}
