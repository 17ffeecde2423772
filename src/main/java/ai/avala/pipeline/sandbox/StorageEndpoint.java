package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import com.sun.net.httpserver.HttpExchange;

/**
 * The object storage behind presigned URLs: {@code PUT /storage/<dataset>/<index>} for manifest
 * URLs and {@code POST /storage/form/<token>} for the per-file flow. No API key is needed here;
 * S3-style XML errors.
 */
final class StorageEndpoint {

	static final String PREFIX = "/storage/";

	private final SandboxContext context;

	private final FormUploads forms;

	StorageEndpoint(SandboxContext context) {
		this.context = context;
		this.forms = new FormUploads(context);
	}

	/** Serves one storage request; returns the status sent, 0 when the connection was dropped. */
	int serve(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		if (!method.equals("POST") && !method.equals("PUT")) {
			return send(exchange, S3Error.reply(405, "MethodNotAllowed", "The specified method is not allowed."));
		}
		Reply unframed = refuseWithoutLength(exchange);
		if (unframed != null) {
			return send(exchange, unframed);
		}
		if (method.equals("POST")) {
			return forms.serve(exchange);
		}
		SandboxFaults.FaultPlan plan = context.faults.plan("PUT storage", false);
		plan.sleep();
		if (plan.failsBefore()) {
			return failBefore(exchange, plan);
		}
		Reply reply = put(exchange);
		if (plan.failsAfter()) {
			return failAfter(exchange, plan);
		}
		return send(exchange, reply);
	}

	/**
	 * Like S3-compatible storage, takes no upload without {@code Content-Length}: a chunked body (or one with no
	 * length at all) is answered 411 {@code MissingContentLength} before anything else is looked at, so no
	 * client can pass a test here with a body real storage would refuse. The body is read and dropped first,
	 * so that the answer reaches a client that is still sending.
	 */
	private static Reply refuseWithoutLength(HttpExchange exchange) throws IOException {
		String transferEncoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
		boolean chunked = transferEncoding != null && !transferEncoding.isBlank();
		if (!chunked && exchange.getRequestHeaders().getFirst("Content-Length") != null) {
			return null;
		}
		try (InputStream body = exchange.getRequestBody()) {
			body.transferTo(OutputStream.nullOutputStream());
		}
		return S3Error.reply(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
	}

	private Reply put(HttpExchange exchange) throws IOException {
		String[] parts = exchange.getRequestURI().getRawPath().substring(PREFIX.length()).split("/");
		if (parts.length != 2) {
			return S3Error.reply(404, "NoSuchKey", "The specified key does not exist.");
		}
		String object = parts[0] + "/" + parts[1];
		Reply denied = checkSignature(exchange, object);
		if (denied != null) {
			return denied;
		}
		Dataset dataset = context.state().datasets.find(parts[0]);
		int index = parseIndex(parts[1]);
		if (dataset == null || index < 0 || index >= dataset.files.size()) {
			return S3Error.reply(404, "NoSuchUpload", "The specified upload does not exist.");
		}
		return store(exchange, new UploadTarget.DatasetFile(dataset, index));
	}

	private Reply checkSignature(HttpExchange exchange, String object) {
		QueryString query = QueryString.parse(exchange.getRequestURI().getRawQuery());
		long expires;
		try {
			expires = Long.parseLong(query.get("expires"));
		}
		catch (NumberFormatException ex) {
			return S3Error.reply(403, "AccessDenied", "Query-string authentication requires the expires parameter.");
		}
		if (!context.presigner.verify(object, expires, query.get("signature"))) {
			return S3Error.reply(403, "SignatureDoesNotMatch",
					"The request signature we calculated does not match the signature you provided.");
		}
		if (context.clock.now().getEpochSecond() >= expires) {
			return S3Error.reply(403, "AccessDenied", "Request has expired");
		}
		return null;
	}

	private Reply store(HttpExchange exchange, UploadTarget target) throws IOException {
		String declared = exchange.getRequestHeaders().getFirst("Content-Length");
		if (declared != null && !declared.equals(Long.toString(target.expectedSize()))) {
			return incomplete(target, declared);
		}
		byte[] expectedMd5;
		try {
			expectedMd5 = contentMd5(exchange);
		}
		catch (IllegalArgumentException ex) {
			return S3Error.reply(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
		}
		try (InputStream body = exchange.getRequestBody()) {
			byte[] md5 = context.objects.consume(body, target, expectedMd5);
			return stored(target, md5, 200);
		}
		catch (ObjectStore.LengthMismatch ex) {
			return incomplete(target, Long.toString(ex.received));
		}
		catch (ObjectStore.DigestMismatch ex) {
			return S3Error.reply(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
		}
	}

	/** Records a stored upload and answers with the S3 one-part ETag. */
	Reply stored(UploadTarget target, byte[] md5, int status) {
		Instant now = context.clock.now();
		target.stored(md5, now);
		context.state().counters.filePuts.increment();
		return Reply.empty(status).header("ETag", "\"" + HexFormat.of().formatHex(md5) + "\"");
	}

	private static Reply incomplete(UploadTarget target, String received) {
		return S3Error.reply(400, "IncompleteBody", "You did not provide the number of bytes specified by the "
				+ "declared size: expected " + target.expectedSize() + ", got " + received + ".");
	}

	private static byte[] contentMd5(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Content-MD5");
		if (header == null) {
			return null;
		}
		byte[] md5 = Base64.getDecoder().decode(header.trim());
		if (md5.length != 16) {
			throw new IllegalArgumentException("not an MD5");
		}
		return md5;
	}

	private static int parseIndex(String text) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** A fault before the effect: an S3 error, or a connection dropped mid-body. */
	int failBefore(HttpExchange exchange, SandboxFaults.FaultPlan plan) throws IOException {
		if (plan.kind() == SandboxFaults.FaultPlan.Kind.DROP) {
			readSome(exchange.getRequestBody());
			return 0;
		}
		if (plan.kind() == SandboxFaults.FaultPlan.Kind.THROTTLE) {
			return send(exchange, S3Error.reply(429, "SlowDown", "Please reduce your request rate.")
				.header("Retry-After", "1"));
		}
		return send(exchange, S3Error.fault(plan.status()));
	}

	int failAfter(HttpExchange exchange, SandboxFaults.FaultPlan plan) throws IOException {
		if (plan.kind() == SandboxFaults.FaultPlan.Kind.DROP) {
			return 0;
		}
		return send(exchange, S3Error.fault(plan.status()));
	}

	private static void readSome(InputStream body) throws IOException {
		byte[] buffer = new byte[8192];
		int budget = 32 * 1024;
		int n;
		while (budget > 0 && (n = body.read(buffer, 0, Math.min(buffer.length, budget))) != -1) {
			budget -= n;
		}
	}

	static int send(HttpExchange exchange, Reply reply) throws IOException {
		reply.send(exchange);
		return reply.status();
	}

}
