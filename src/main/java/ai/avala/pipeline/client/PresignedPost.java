package ai.avala.pipeline.client;

import java.util.Map;

/** Where and how to upload one file in the per-file flow: a form POST with these fields, then the file. */
public record PresignedPost(String method, String url, Map<String, String> fields) {
}
