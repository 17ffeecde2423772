package ai.avala.pipeline.database;

import java.sql.SQLException;
import java.util.Optional;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The job repository's database could not be opened: a wrong URL, user or password, a database that does not
 * exist, no driver for the URL, or a server that does not answer. Reported in one line naming the database
 * (without credentials) and the driver's reason, instead of the context's failure chain.
 */
public class DatabaseUnavailableException extends RuntimeException {

	private final boolean configuration;

	private DatabaseUnavailableException(String message, boolean configuration, Throwable cause) {
		super(message, cause);
		this.configuration = configuration;
	}

	/**
	 * Whether the settings are wrong (exit 2: fix them) rather than the server unreachable (exit 5: it may be
	 * down; the same command works again once it answers).
	 */
	public boolean configuration() {
		return this.configuration;
	}

	/**
	 * The failure to open the database behind {@code failure}, if that is what it is.
	 * @param url the configured {@code spring.datasource.url}, or null
	 */
	public static Optional<DatabaseUnavailableException> of(Throwable failure, String url) {
		SQLException sql = null;
		boolean connecting = false;
		boolean noDriver = false;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			connecting |= cause instanceof CannotGetJdbcConnectionException;
			// DriverManager's words, and HikariCP's when Boot guessed a driver from a URL no driver understands.
			noDriver |= cause.getMessage() != null && (cause.getMessage().startsWith("No suitable driver")
					|| cause.getMessage().contains("claims to not accept jdbcUrl"));
			if (cause instanceof SQLException found && sql == null) {
				sql = found;
			}
		}
		String what = "cannot open the job repository database" + ((url != null) ? " " + withoutSecrets(url) : "");
		if (noDriver) {
			return Optional.of(new DatabaseUnavailableException(what + ": No suitable driver for this URL; "
					+ "spring.datasource.url must start with jdbc:postgresql:// or jdbc:h2:", true, failure));
		}
		if (sql == null || !(connecting || unreachable(sql.getSQLState()) || settings(sql.getSQLState()))) {
			return Optional.empty();
		}
		boolean wrongSettings = !unreachable(sql.getSQLState());
		String todo = wrongSettings
				? "check spring.datasource.url, spring.datasource.username and the password (SPRING_DATASOURCE_PASSWORD)"
				: "check that the database server is running and reachable, and spring.datasource.url";
		return Optional.of(new DatabaseUnavailableException(what + ": " + reason(sql) + "; " + todo, wrongSettings, failure));
	}

	/** SQLSTATE class 08: the connection could not be made or was lost. */
	private static boolean unreachable(String state) {
		return state != null && state.startsWith("08");
	}

	/** Class 28 (authorization) and 3D000 (no such database): the settings are wrong. */
	private static boolean settings(String state) {
		return state != null && (state.startsWith("28") || state.equals("3D000"));
	}

	/** The driver's own words, plus the root cause's when the driver only says "failed" (an unknown host). */
	private static String reason(SQLException sql) {
		String reason = (sql.getMessage() != null) ? sql.getMessage() : sql.getClass().getSimpleName();
		Throwable root = sql;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root != sql) {
			String rootMessage = (root instanceof java.net.UnknownHostException) ? "unknown host " + root.getMessage()
					: root.getMessage();
			if (rootMessage != null && !reason.contains(rootMessage)) {
				reason = reason + " (" + rootMessage + ")";
			}
		}
		return reason.replaceFirst("^FATAL: ", "").strip();
	}

	/** The URL without what may carry a password: user-info, query string, and H2's or the driver's options. */
	static String withoutSecrets(String url) {
		String bare = url.replaceAll("//[^/@]*@", "//");
		int cut = bare.length();
		for (char c : new char[] { '?', ';' }) {
			int at = bare.indexOf(c);
			if (at >= 0) {
				cut = Math.min(cut, at);
			}
		}
		return bare.substring(0, cut);
	}

}
