package ai.avala.pipeline.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * S3-style XML error bodies for storage URLs: clients of presigned URLs parse these, not JSON.
 */
final class S3Error {

	private S3Error() {
	}

	static Reply reply(int status, String code, String message) {
		String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
				+ escape(message) + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
		return Reply.bytes(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
	}

	/** The S3 error code a simulated fault status stands for. */
	static Reply fault(int status) {
		return switch (status) {
			case 429 -> reply(503, "SlowDown", "Please reduce your request rate.");
			case 500 -> reply(500, "InternalError", "We encountered an internal error. Please try again.");
			case 503 -> reply(503, "ServiceUnavailable", "Service is unable to handle request.");
			default -> reply(status, "SimulatedFault", "Simulated fault: HTTP " + status + ".");
		};
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
