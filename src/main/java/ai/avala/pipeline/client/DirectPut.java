package ai.avala.pipeline.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Presigned PUTs on plain blocking sockets: the upload thread writes the request and reads the answer itself,
 * on a keep-alive connection taken from a pool per host. Measured against a store we did not write (issue 14):
 * through Reactor Netty each 16 KB PUT cost about 1 ms of CPU in a fresh JVM (a hand-off to the event loop and
 * back, a pipeline of handlers set up per request, reactive operators the JIT had not compiled yet), five
 * times what {@code curl --parallel} spends. Here a small file costs one read, one write of headers and body
 * together, and one read of the answer, in code small enough to be compiled within the first second.
 * <p>
 * A body is either sent as is (plain HTTP: zero-copy {@code sendfile}), or read once in buffers that feed
 * both the socket and an MD5 ({@code digest}), so that a file without a declared MD5 is read once, not
 * twice. Timeouts: connecting takes at most {@code connectTimeout}; a watchdog closes a connection whose
 * request outlived its deadline (a blocking write has no timeout of its own), which ends the request with
 * {@link TimedOut}.
 */
final class DirectPut implements AutoCloseable {

	/**
	 * Files up to this size (less the headers) go in the same write as the headers; larger ones in chunks of it.
	 * One buffer per upload thread: at 256 threads (a far store) 33 MB.
	 */
	private static final int SMALL = 128 * 1024;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final int MAX_ERROR_BODY = 64 * 1024;

	private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[SMALL + 4096]);

	private final ThreadLocal<ByteBuffer> directBuffers = ThreadLocal
		.withInitial(() -> ByteBuffer.allocateDirect(SMALL + 4096));

	private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final Duration connectTimeout;

	private final Thread watchdog;

	private volatile boolean closed;

	DirectPut(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
		this.watchdog = new Thread(this::watch, "storage-put-watchdog");
		this.watchdog.setDaemon(true);
		this.watchdog.start();
	}

	/** The storage's answer: status, ETag as sent (quotes included), and the body of an error (capped). */
	record Answer(int status, String etag, String body) {
	}

	/** The request outlived its deadline and its connection was closed. */
	static final class TimedOut extends IOException {

		TimedOut(Duration timeout) {
			super("no complete answer within " + timeout);
		}

	}

	/**
	 * PUTs {@code size} bytes of {@code file}. With {@code digest}, every byte sent also goes through it (reset
	 * first), and plain HTTP gives up {@code sendfile} for that one pass.
	 */
	Answer put(URI uri, Path file, long size, String md5Base64, MessageDigest digest, Duration timeout)
			throws IOException {
		boolean secure = "https".equalsIgnoreCase(uri.getScheme());
		int port = (uri.getPort() > 0) ? uri.getPort() : (secure ? 443 : 80);
		String key = (secure ? "s:" : "p:") + uri.getHost() + ":" + port;
		byte[] head = head(uri, port, secure, size, md5Base64);
		for (int attempt = 0;; attempt++) {
			Connection connection = pooled(key);
			boolean reused = connection != null;
			if (connection == null) {
				connection = connect(uri.getHost(), port, secure);
			}
			connection.deadline = System.nanoTime() + timeout.toNanos();
			try {
				if (digest != null) {
					digest.reset();
				}
				Answer answer = exchange(connection, head, file, size, digest);
				connection.deadline = 0;
				if (connection.reusable && !this.closed) {
					this.idle.computeIfAbsent(key, (k) -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
				}
				else {
					connection.close();
				}
				return answer;
			}
			catch (IOException ex) {
				boolean timedOut = connection.timedOut;
				connection.close();
				if (timedOut) {
					throw new TimedOut(timeout);
				}
				// A kept-alive connection the server closed meanwhile fails before any answer: try a fresh one.
				if (reused && !connection.answered && attempt == 0) {
					continue;
				}
				throw ex;
			}
		}
	}

	private Answer exchange(Connection connection, byte[] head, Path file, long size, MessageDigest digest)
			throws IOException {
		FileChannel opened;
		try {
			opened = FileChannel.open(file, StandardOpenOption.READ);
		}
		catch (IOException ex) {
			// The file, not the transfer: retrying will not help (the uploader reports the file as changed).
			throw new java.io.UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
		}
		try (FileChannel channel = opened) {
			try {
				send(connection, head, channel, size, digest);
			}
			catch (IOException ex) {
				// Storage may answer (and close) before the body is through, e.g. 403 for an expired URL: that
				// answer says more than the broken pipe.
				if (connection.timedOut) {
					throw ex;
				}
				try {
					connection.reusable = false;
					return read(connection);
				}
				catch (IOException none) {
					throw ex;
				}
			}
		}
		return read(connection);
	}

	private void send(Connection connection, byte[] head, FileChannel channel, long size, MessageDigest digest)
			throws IOException {
		if (connection.channel != null) {
			sendDirect(connection, head, channel, size, digest);
			return;
		}
		byte[] buffer = this.buffers.get();
		if (size <= buffer.length - head.length) {
			// Headers and body in one write: one system call per small file.
			System.arraycopy(head, 0, buffer, 0, head.length);
			int body = readFully(channel, buffer, head.length, (int) size);
			if (digest != null) {
				digest.update(buffer, head.length, body);
			}
			connection.write(buffer, 0, head.length + body);
			return;
		}
		connection.write(head, 0, head.length);
		long left = size;
		while (left > 0) {
			int chunk = (int) Math.min(buffer.length, left);
			int read = readFully(channel, buffer, 0, chunk);
			if (digest != null) {
				digest.update(buffer, 0, read);
			}
			connection.write(buffer, 0, read);
			left -= read;
		}
	}

	/**
	 * Plain HTTP: the file is read into a direct buffer, hashed there and written from it, so its bytes are
	 * copied twice (page cache to buffer, buffer to socket). Through a heap array they were copied three times:
	 * the JDK copies a heap buffer into a temporary direct one before every socket write (issue 14: scenario (c),
	 * 2 GB, spent about as much CPU on copies as on the MD5 the store also computes). The headers share the
	 * first write; without a digest, a file larger than the buffer goes by {@code sendfile}.
	 */
	private void sendDirect(Connection connection, byte[] head, FileChannel channel, long size, MessageDigest digest)
			throws IOException {
		ByteBuffer buffer = this.directBuffers.get().clear();
		buffer.put(head);
		if (digest == null && size > buffer.remaining()) {
			connection.write(buffer.flip());
			connection.sendFile(channel, size);
			return;
		}
		long left = size;
		while (true) {
			int start = buffer.position();
			int chunk = (int) Math.min(buffer.remaining(), left);
			buffer.limit(start + chunk);
			while (buffer.hasRemaining()) {
				if (channel.read(buffer) < 0) {
					throw new EOFException("the file ended before its declared size (it changed since validation)");
				}
			}
			if (digest != null) {
				digest.update(buffer.duplicate().position(start));
			}
			connection.write(buffer.flip());
			left -= chunk;
			if (left == 0) {
				return;
			}
			buffer.clear();
		}
	}

	private static int readFully(FileChannel channel, byte[] buffer, int offset, int length) throws IOException {
		ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
		while (target.hasRemaining()) {
			if (channel.read(target) < 0) {
				throw new EOFException("the file ended before its declared size (it changed since validation)");
			}
		}
		return length;
	}

	private static byte[] head(URI uri, int port, boolean secure, long size, String md5Base64) {
		StringBuilder head = new StringBuilder(256 + uri.getRawPath().length()
				+ ((uri.getRawQuery() != null) ? uri.getRawQuery().length() : 0));
		head.append("PUT ").append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
		if (uri.getRawQuery() != null) {
			head.append('?').append(uri.getRawQuery());
		}
		head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
		if (port != (secure ? 443 : 80)) {
			head.append(':').append(port);
		}
		head.append("\r\nContent-Length: ").append(size);
		head.append("\r\nContent-Type: application/octet-stream");
		if (md5Base64 != null) {
			head.append("\r\nContent-MD5: ").append(md5Base64);
		}
		head.append("\r\n\r\n");
		return head.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Reads one answer (skipping 1xx); the error body is kept, a success body is skipped. */
	private static Answer read(Connection connection) throws IOException {
		while (true) {
			String status = connection.line();
			connection.answered = true;
			if (!status.startsWith("HTTP/1.")) {
				throw new IOException("not an HTTP answer: " + status.substring(0, Math.min(40, status.length())));
			}
			int code = Integer.parseInt(status.substring(9, 12));
			String etag = null;
			long length = -1;
			boolean chunked = false;
			boolean close = status.startsWith("HTTP/1.0");
			for (String line; !(line = connection.line()).isEmpty();) {
				int colon = line.indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = line.substring(colon + 1).trim();
				switch (name) {
					case "etag" -> etag = value;
					case "content-length" -> length = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
					case "connection" -> close = value.equalsIgnoreCase("close") || (close && !value.equalsIgnoreCase("keep-alive"));
					default -> {
					}
				}
			}
			if (code >= 100 && code < 200) {
				continue;
			}
			boolean keep = code >= 200 && code < 300;
			StringBuilder body = keep ? null : new StringBuilder();
			if (chunked) {
				for (long chunk; (chunk = Long.parseLong(connection.line().split(";", 2)[0].trim(), 16)) > 0;) {
					connection.body(chunk, body);
					connection.line();
				}
				while (!connection.line().isEmpty()) {
					// trailers
				}
			}
			else if (length >= 0) {
				connection.body(length, body);
			}
			else if (code != 204 && code != 304) {
				connection.bodyToEnd(body);
				close = true;
			}
			connection.reusable &= !close;
			return new Answer(code, etag, (body != null) ? body.toString() : "");
		}
	}

	private Connection pooled(String key) {
		ConcurrentLinkedDeque<Connection> connections = this.idle.get(key);
		return (connections != null) ? connections.pollFirst() : null;
	}

	private Connection connect(String host, int port, boolean secure) throws IOException {
		int timeout = (int) Math.min(Integer.MAX_VALUE, this.connectTimeout.toMillis());
		Connection connection;
		if (secure) {
			Socket plain = new Socket();
			plain.setTcpNoDelay(true);
			plain.connect(new InetSocketAddress(host, port), timeout);
			SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host,
					port, true);
			SSLParameters parameters = ssl.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			ssl.setSSLParameters(parameters);
			connection = new Connection(ssl, null);
		}
		else {
			SocketChannel channel = SocketChannel.open();
			channel.socket().setTcpNoDelay(true);
			channel.socket().connect(new InetSocketAddress(host, port), timeout);
			connection = new Connection(channel.socket(), channel);
		}
		this.open.add(connection);
		if (this.closed) {
			connection.close();
			throw new IOException("storage client closed");
		}
		return connection;
	}

	private void watch() {
		while (!this.closed) {
			long now = System.nanoTime();
			for (Connection connection : this.open) {
				long deadline = connection.deadline;
				if (deadline != 0 && now - deadline > 0) {
					connection.timedOut = true;
					connection.close();
				}
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.watchdog.interrupt();
		this.open.forEach(Connection::close);
	}

	/** One socket; used by one thread at a time (a request holds it from write to answer). */
	private final class Connection {

		private final Socket socket;

		private final SocketChannel channel;

		private final OutputStream out;

		private final InputStream in;

		private final byte[] buffer = new byte[8192];

		private int position;

		private int limit;

		volatile long deadline;

		volatile boolean timedOut;

		boolean reusable = true;

		boolean answered;

		Connection(Socket socket, SocketChannel channel) throws IOException {
			this.socket = socket;
			this.channel = channel;
			this.out = (channel == null) ? socket.getOutputStream() : null;
			this.in = socket.getInputStream();
		}

		void write(byte[] bytes, int offset, int length) throws IOException {
			this.answered = false;
			if (this.channel != null) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
				while (buffer.hasRemaining()) {
					this.channel.write(buffer);
				}
			}
			else {
				this.out.write(bytes, offset, length);
				this.out.flush();
			}
		}

		void write(ByteBuffer bytes) throws IOException {
			this.answered = false;
			while (bytes.hasRemaining()) {
				this.channel.write(bytes);
			}
		}

		/** Zero-copy ({@code sendfile}): plain HTTP only, where there is a channel. */
		void sendFile(FileChannel file, long size) throws IOException {
			long sent = 0;
			while (sent < size) {
				long n = file.transferTo(sent, size - sent, this.channel);
				if (n <= 0 && file.size() < size) {
					throw new EOFException("the file ended before its declared size (it changed since validation)");
				}
				sent += n;
			}
		}

		private boolean fill() throws IOException {
			int n = this.in.read(this.buffer);
			if (n < 0) {
				return false;
			}
			this.position = 0;
			this.limit = n;
			return true;
		}

		String line() throws IOException {
			StringBuilder line = null;
			while (true) {
				for (int i = this.position; i < this.limit; i++) {
					if (this.buffer[i] == '\n') {
						int end = (i > this.position && this.buffer[i - 1] == '\r') ? i - 1 : i;
						String part = new String(this.buffer, this.position, end - this.position,
								StandardCharsets.ISO_8859_1);
						this.position = i + 1;
						if (line == null) {
							return part;
						}
						line.append(part);
						int last = line.length() - 1;
						if (end == i && last >= 0 && line.charAt(last) == '\r') {
							line.setLength(last);
						}
						return line.toString();
					}
				}
				if (line == null) {
					line = new StringBuilder();
				}
				line.append(new String(this.buffer, this.position, this.limit - this.position, StandardCharsets.ISO_8859_1));
				if (line.length() > 64 * 1024) {
					throw new IOException("answer line too long");
				}
				if (!fill()) {
					throw new EOFException("storage closed the connection" + (this.answered ? " mid-answer" : ""));
				}
			}
		}

		void body(long length, StringBuilder keep) throws IOException {
			long left = length;
			while (left > 0) {
				if (this.position == this.limit && !fill()) {
					throw new EOFException("storage closed the connection mid-answer");
				}
				int n = (int) Math.min(left, this.limit - this.position);
				if (keep != null && keep.length() < MAX_ERROR_BODY) {
					keep.append(new String(this.buffer, this.position, n, StandardCharsets.UTF_8));
				}
				this.position += n;
				left -= n;
			}
		}

		void bodyToEnd(StringBuilder keep) throws IOException {
			do {
				if (keep != null && keep.length() < MAX_ERROR_BODY) {
					keep.append(new String(this.buffer, this.position, this.limit - this.position, StandardCharsets.UTF_8));
				}
				this.position = this.limit;
			}
			while (fill());
		}

		void close() {
			DirectPut.this.open.remove(this);
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing: nothing left to do with it
			}
		}

	}

}
