package ai.avala.pipeline.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on one run (definition name + run date), held for as long as a process works on
 * it. The OS releases it when the process dies, even by kill -9, so an execution left STARTED whose lock is
 * free belongs to a dead process and may be recovered; one whose lock is held is alive and is never touched.
 * Works for processes sharing this machine's file system (the lock folder sits next to the H2 database).
 */
final class RunLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private RunLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/** Takes the lock, or returns null when another live process holds it. */
	static RunLock tryAcquire(Path directory, String name, String runDate) throws IOException {
		Files.createDirectories(directory);
		Path file = directory.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "_" + runDate + ".lock");
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		try {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				channel.close();
				return null;
			}
			channel.truncate(0);
			channel.write(java.nio.ByteBuffer.wrap(
					(ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
			return new RunLock(channel, lock);
		}
		catch (OverlappingFileLockException ex) {
			channel.close();
			return null;
		}
	}

	@Override
	public void close() throws IOException {
		this.lock.release();
		this.channel.close();
	}

}
