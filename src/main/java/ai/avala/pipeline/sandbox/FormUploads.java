package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * {@code POST /storage/form/<token>}: the multipart upload of the per-file presign flow. Every
 * field the presign answer returned must come back unchanged before the {@code file} part.
 */
final class FormUploads {

	static final String PREFIX = StorageEndpoint.PREFIX + "form/";

	private final SandboxContext context;

	FormUploads(SandboxContext context) {
		this.context = context;
	}

	int serve(HttpExchange exchange) throws IOException {
		StorageEndpoint endpoint = context.storage();
		SandboxFaults.FaultPlan plan = context.faults.plan("POST storage", false);
		plan.sleep();
		if (plan.failsBefore()) {
			return endpoint.failBefore(exchange, plan);
		}
		Reply reply = upload(exchange, endpoint);
		if (plan.failsAfter()) {
			return endpoint.failAfter(exchange, plan);
		}
		return StorageEndpoint.send(exchange, reply);
	}

	private Reply upload(HttpExchange exchange, StorageEndpoint endpoint) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		FormGrant grant = path.startsWith(PREFIX) ? context.state().formGrants.get(path.substring(PREFIX.length()))
				: null;
		if (grant == null) {
			return S3Error.reply(404, "NoSuchUpload", "The specified upload does not exist.");
		}
		if (!context.clock.now().isBefore(grant.expiresAt())) {
			return S3Error.reply(403, "AccessDenied", "Request has expired");
		}
		String boundary = MultipartReader.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
		if (boundary == null) {
			return S3Error.reply(400, "MalformedPOSTRequest",
					"The body of your POST request is not well-formed multipart/form-data.");
		}
		try (InputStream body = exchange.getRequestBody()) {
			return readParts(new MultipartReader(body, boundary), grant, endpoint);
		}
	}

	private Reply readParts(MultipartReader reader, FormGrant grant, StorageEndpoint endpoint) throws IOException {
		Map<String, String> fields = new HashMap<>();
		MultipartReader.Part part;
		while ((part = reader.next()) != null) {
			if (!"file".equals(part.name())) {
				fields.put(part.name(), small(part.body()));
				continue;
			}
			if (!fields.entrySet().containsAll(grant.fields().entrySet())) {
				return S3Error.reply(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed");
			}
			Reply reply = storeFile(part.body(), grant, endpoint);
			while (reader.next() != null) {
				// drain trailing parts so the connection stays usable
			}
			return reply;
		}
		return S3Error.reply(400, "InvalidArgument", "POST requires exactly one file upload per request.");
	}

	private Reply storeFile(InputStream file, FormGrant grant, StorageEndpoint endpoint) throws IOException {
		UploadTarget target = grant.target();
		try {
			byte[] md5 = context.objects.consume(file, target, null);
			return endpoint.stored(target, md5, 204);
		}
		catch (ObjectStore.LengthMismatch ex) {
			return (ex.received > target.expectedSize())
					? S3Error.reply(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
					: S3Error.reply(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");
		}
	}

	private static String small(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(64 * 1024);
		while (body.read() != -1) {
			// a form field this long is not ours; ignore the rest
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
