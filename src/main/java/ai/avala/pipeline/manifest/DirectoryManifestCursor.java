package ai.avala.pipeline.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Walks a directory as a manifest: regular files only, hidden ({@code .}-prefixed) files and folders
 * skipped, in the order of their relative paths so that every run lists the same files the same way.
 * Symbolic links are followed, except a link to a folder that is already being walked (a loop). Only
 * the listings of the folders on the current path are held in memory.
 */
final class DirectoryManifestCursor implements ManifestCursor {

	private final Path root;

	private final EntryFactory entries;

	private final Deque<Folder> open = new ArrayDeque<>();

	private long count;

	private DirectoryManifestCursor(Path root) {
		this.root = root;
		this.entries = new EntryFactory(root, root);
	}

	static DirectoryManifestCursor open(Path root) throws ManifestException {
		DirectoryManifestCursor cursor = new DirectoryManifestCursor(root.toAbsolutePath().normalize());
		cursor.enter(cursor.root);
		return cursor;
	}

	@Override
	public ManifestEntry next() throws ManifestException {
		while (!this.open.isEmpty()) {
			Iterator<Path> children = this.open.peek().children();
			if (!children.hasNext()) {
				this.open.pop();
				continue;
			}
			Path child = children.next();
			if (Files.isDirectory(child)) {
				enter(child);
			}
			else if (Files.isRegularFile(child)) {
				return entry(child);
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.open.clear();
	}

	private ManifestEntry entry(Path file) throws ManifestException {
		try {
			long size = Files.size(file);
			return this.entries.create(++this.count, file, size, null, null, this.entries.defaultName(file));
		}
		catch (IOException ex) {
			throw new ManifestException("cannot read the size of " + file + " in manifest folder " + this.root + ": "
					+ ex.getMessage() + "; check its permissions", ex);
		}
	}

	private void enter(Path folder) throws ManifestException {
		try {
			Path real = folder.toRealPath();
			if (this.open.stream().noneMatch((ancestor) -> ancestor.realPath().equals(real))) {
				this.open.push(new Folder(real, sortedChildren(folder).iterator()));
			}
		}
		catch (IOException ex) {
			throw new ManifestException("cannot list folder " + folder + " of manifest folder " + this.root + ": "
					+ ex.getMessage() + "; check its permissions", ex);
		}
	}

	/**
	 * A folder sorts as its name plus '/', which makes this walk list files in the order of their whole
	 * relative paths ("a.txt" before "a/b.txt", as '.' sorts before '/').
	 */
	private static List<Path> sortedChildren(Path folder) throws IOException {
		try (Stream<Path> listing = Files.list(folder)) {
			return listing.filter((child) -> !child.getFileName().toString().startsWith("."))
				.map((child) -> new Child(sortKey(child), child))
				.sorted(Comparator.comparing(Child::key))
				.map(Child::path)
				.toList();
		}
	}

	private static String sortKey(Path child) {
		String name = child.getFileName().toString();
		return Files.isDirectory(child) ? name + "/" : name;
	}

	private record Folder(Path realPath, Iterator<Path> children) {
	}

	private record Child(String key, Path path) {
	}

}
