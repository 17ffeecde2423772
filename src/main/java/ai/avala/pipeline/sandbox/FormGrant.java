package ai.avala.pipeline.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * A presigned form upload of the per-file flow: the fields the client must echo and where the
 * file goes.
 */
record FormGrant(UploadTarget target, Instant expiresAt, Map<String, String> fields) {
}
