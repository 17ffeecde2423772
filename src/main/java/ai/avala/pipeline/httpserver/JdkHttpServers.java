package ai.avala.pipeline.httpserver;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * Creates the JDK's HTTP servers (the sandbox, the webhook receiver, test stubs) with the settings they need.
 * The JDK reads those settings once per JVM, when its first server is created, so every server must be
 * created here: a server created elsewhere first would silently fix the defaults for all of them.
 */
public final class JdkHttpServers {

	static {
		// Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
		// delayed ACK: ~40 ms per keep-alive request.
		System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
		// The default (200) closes kept-alive connections of highly parallel uploaders right after an
		// answer, and a client reusing such a connection sees it die with its next request.
		System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "4096");
	}

	private JdkHttpServers() {
	}

	public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
		return HttpServer.create(address, backlog);
	}

}
