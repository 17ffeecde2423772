package ai.avala.pipeline.upload;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FileDigestTests {

	@TempDir
	Path folder;

	@Test
	void hashesAFileAsHexAndBase64() throws Exception {
		Path file = Files.writeString(this.folder.resolve("a.txt"), "hello");
		FileDigest digest = FileDigest.md5(file);
		assertThat(digest.hex()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
		assertThat(digest.base64()).isEqualTo("XUFAKrxLKna5cZ2REBfFkg==");
		assertThat(FileDigest.ofHex(digest.hex())).isEqualTo(digest);
	}

	@Test
	void onlyAnMd5ShapedEtagCanContradictTheDigest() {
		FileDigest digest = FileDigest.ofHex("5d41402abc4b2a76b9719d911017c592");
		assertThat(digest.contradictedBy("5D41402ABC4B2A76B9719D911017C592")).isFalse();
		assertThat(digest.contradictedBy("00000000000000000000000000000000")).isTrue();
		// opaque ETags of other stores (Azure-style, multipart-style, UUIDs) say nothing about the bytes
		assertThat(digest.contradictedBy("0x8DC0F3E4B5A1234")).isFalse();
		assertThat(digest.contradictedBy("5d41402abc4b2a76b9719d911017c592-3")).isFalse();
		assertThat(digest.contradictedBy("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isFalse();
		assertThat(digest.contradictedBy(null)).isFalse();
	}

}
