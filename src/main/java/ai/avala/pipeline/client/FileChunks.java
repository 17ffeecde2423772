package ai.avala.pipeline.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Reads exactly {@code size} bytes of a file as a stream of buffers, on demand: the sender asks for the next
 * chunk only as the connection takes them, so a large file is never held in memory. Exactly, because the
 * request already announced that length: a file that grew is cut at it, one that shrank fails the transfer.
 * At most the sender's prefetch of chunks is buffered per transfer.
 */
final class FileChunks {

	private static final int CHUNK = 32 * 1024;

	private FileChunks() {
	}

	static Flux<ByteBuf> read(Path file, long size, ByteBufAllocator allocator) {
		return Flux.using(() -> FileChannel.open(file, StandardOpenOption.READ),
				(channel) -> Flux.<ByteBuf, Long>generate(() -> 0L,
						(position, sink) -> next(file, channel, position, size, allocator, sink)),
				FileChunks::close);
	}

	/** Emits the chunk at {@code position} and returns the position after it. */
	private static long next(Path file, FileChannel channel, long position, long size, ByteBufAllocator allocator,
			SynchronousSink<ByteBuf> sink) {
		if (position >= size) {
			sink.complete();
			return position;
		}
		int length = (int) Math.min(CHUNK, size - position);
		ByteBuf chunk = allocator.buffer(length);
		try {
			int read = chunk.writeBytes(channel, position, length);
			if (read < 0) {
				throw new EOFException(file + " ended after " + position + " of " + size + " bytes");
			}
			sink.next(chunk);
			return position + read;
		}
		catch (IOException ex) {
			chunk.release();
			sink.error(ex);
			return position;
		}
	}

	private static void close(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// opened for reading only: nothing to lose
		}
	}

}
