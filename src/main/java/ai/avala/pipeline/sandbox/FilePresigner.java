package ai.avala.pipeline.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /datasets/manual-upload/file-upload-url/}: presigns one form upload. A file declared
 * by an existing dataset of that name goes into that dataset (where the two flows meet); any other
 * file is staged until the finalise step.
 */
final class FilePresigner {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SandboxContext context;

	FilePresigner(SandboxContext context) {
		this.context = context;
	}

	static String stagingKey(String orgId, String datasetName) {
		return orgId + "\u0000" + datasetName;
	}

	Reply presign(ApiCall call) throws IOException {
		JsonNode body = call.json();
		String datasetName = Json.requiredText(body, "dataset_name");
		String path = Json.requiredText(body, "file_path_in_dataset");
		String problem = FileNames.problem(path);
		if (problem != null) {
			throw ApiException.field("file_path_in_dataset", problem);
		}
		long length = contentLength(body);
		UploadTarget target = target(call, datasetName, path, length);
		// Forms are presigned just in time (contract §3b: "no URL expiry problem"), so they live at least a day
		// even when a test shortens the lifetime of the manifest flow's URLs to force their expiry.
		Instant expiresAt = call.now.plus(max(context.config.urlLifetime(), java.time.Duration.ofDays(1)));
		String token = newToken();
		Map<String, String> fields = fields(call, datasetName, path, length, expiresAt, token);
		call.state.formGrants.put(token, new FormGrant(target, expiresAt, fields));
		return Reply.json(200, Json.obj("method", "POST", "url", context.origin() + FormUploads.PREFIX + token,
				"fields", fields));
	}

	private UploadTarget target(ApiCall call, String datasetName, String path, long length) {
		Dataset existing = call.state.datasets.findDeclaring(call.orgId(), datasetName, path);
		if (existing != null) {
			int index = existing.files.indexOf(path);
			requireDeclaredSize(existing.files.declaredSize(index), length);
			return new UploadTarget.DatasetFile(existing, index);
		}
		StagedSet set = call.state.staging.computeIfAbsent(stagingKey(call.orgId(), datasetName),
				(k) -> new StagedSet(call.orgId(), datasetName));
		long staged = call.state.staging.values()
			.stream()
			.filter((s) -> s.orgId.equals(call.orgId()))
			.mapToLong(StagedSet::stagedBytes)
			.sum();
		if (staged + length > call.key.org().byteQuota()) {
			throw ApiException.detail(413, "Upload exceeds the organisation's storage quota.");
		}
		requireDeclaredSize(set.declare(path, length), length);
		return new UploadTarget.StagedFile(set, path, length);
	}

	private static void requireDeclaredSize(long declared, long length) {
		if (declared != length) {
			throw ApiException.field("content_length",
					"Does not match the size " + declared + " already declared for this file.");
		}
	}

	private static long contentLength(JsonNode body) {
		JsonNode node = body.get("content_length");
		if (node == null || node.isNull()) {
			throw ApiException.field("content_length", "This field is required.");
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong()) {
			throw ApiException.field("content_length", "A valid integer is required.");
		}
		String problem = FileNames.sizeProblem(node.longValue());
		if (problem != null) {
			throw ApiException.field("content_length", problem);
		}
		return node.longValue();
	}

	private Map<String, String> fields(ApiCall call, String datasetName, String path, long length,
			Instant expiresAt, String token) {
		String policy = Json.MAPPER.writeValueAsString(Json.obj("expiration", Json.time(expiresAt), "conditions",
				Json.obj("content-length", length)));
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("key", call.orgId() + "/" + datasetName + "/" + path);
		fields.put("policy", Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)));
		fields.put("x-amz-signature", context.presigner.sign(token, expiresAt.getEpochSecond()));
		return fields;
	}

	private static String newToken() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
