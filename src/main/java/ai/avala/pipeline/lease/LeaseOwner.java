package ai.avala.pipeline.lease;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who holds a lease: {@code host:pid:uuid} for people reading the table, and the pid with the process scope
 * (this kernel's boot id and this PID namespace) so that a process on the same machine can tell a dead owner
 * at once instead of waiting for its lease to run out. The uuid is per acquisition: two runs in one process
 * (the scheduler) are two owners.
 *
 * @param id the owner as stored: host, pid and a random uuid
 * @param pid the owner's process id
 * @param scope where {@code pid} means something: boot id and PID namespace; null where unknown (not Linux)
 */
record LeaseOwner(String id, long pid, String scope) {

	static LeaseOwner newOwner(String scope) {
		long pid = ProcessHandle.current().pid();
		return new LeaseOwner(host() + ":" + pid + ":" + UUID.randomUUID(), pid, scope);
	}

	/**
	 * Whether this owner is a process that has ended, as seen from a process in {@code scope}. Only answers yes
	 * when both share one kernel boot and PID namespace, so the pid names the same process; a reused pid makes
	 * a dead owner look alive, which only means waiting for its lease to expire.
	 */
	boolean deadAsSeenFrom(String scope) {
		return this.scope != null && this.scope.equals(scope)
				&& ProcessHandle.of(this.pid).map((process) -> !process.isAlive()).orElse(true);
	}

	/** This process's scope, or null where the operating system does not tell it. */
	static String processScope() {
		try {
			String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
			String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
			return boot + "/" + namespace;
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return null;
		}
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown-host";
		}
	}

}
