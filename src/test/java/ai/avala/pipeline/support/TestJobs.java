package ai.avala.pipeline.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes real test data: files with random bytes, a CSV manifest over them, and a job file.
 */
public final class TestJobs {

	private TestJobs() {
	}

	/** Writes {@code count} files of about {@code size} bytes under {@code folder/files} and returns name → MD5. */
	public static Map<String, String> files(Path folder, int count, int size) {
		Map<String, String> md5s = new LinkedHashMap<>();
		Random random = new Random(count * 31L + size);
		StringBuilder manifest = new StringBuilder("path,size\n");
		try {
			Files.createDirectories(folder.resolve("files"));
			for (int i = 0; i < count; i++) {
				byte[] bytes = new byte[size + i];
				random.nextBytes(bytes);
				String name = String.format("files/frame_%04d.bin", i);
				Files.write(folder.resolve(name), bytes);
				md5s.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
				manifest.append(name).append(',').append(bytes.length).append('\n');
			}
			Files.writeString(folder.resolve("manifest.csv"), manifest);
			return md5s;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Rewrites {@code folder/manifest.csv} with an {@code md5} column: the given MD5s (upper case, as some tools
	 * write them), with {@code overrides} taking the place of a file's real MD5.
	 */
	public static void declareMd5s(Path folder, Map<String, String> md5s, Map<String, String> overrides) {
		StringBuilder manifest = new StringBuilder("path,size,md5\n");
		try {
			for (Map.Entry<String, String> file : md5s.entrySet()) {
				String md5 = overrides.getOrDefault(file.getKey(), file.getValue());
				manifest.append(file.getKey()).append(',').append(Files.size(folder.resolve(file.getKey())))
					.append(',').append(md5.toUpperCase(java.util.Locale.ROOT)).append('\n');
			}
			Files.writeString(folder.resolve("manifest.csv"), manifest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A job file in {@code folder} over {@code folder/manifest.csv}, exporting to {@code folder/exports}. */
	public static Path jobFile(Path folder, String name, String templateUid, String... extraLines) {
		StringBuilder yaml = new StringBuilder();
		yaml.append("name: ").append(name).append('\n');
		yaml.append("manifest: manifest.csv\n");
		yaml.append("dataType: images\n");
		yaml.append("templateProjectUid: ").append(templateUid).append('\n');
		yaml.append("export:\n  format: coco\n  directory: exports\n");
		yaml.append("poll:\n  interval: 100ms\n  maxInterval: 200ms\n  timeout: 1m\n");
		for (String line : extraLines) {
			yaml.append(line).append('\n');
		}
		try {
			return Files.writeString(folder.resolve(name + ".yml"), yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
