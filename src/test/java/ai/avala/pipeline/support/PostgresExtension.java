package ai.avala.pipeline.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a test class on a real PostgreSQL server: each test gets a database of its own, created before it and
 * dropped after it, and {@link TestDatabase} points every command of the test at it.
 * <p>
 * The server is named by the environment: {@code AVALA_TEST_POSTGRES_URL} (a JDBC URL of a database to connect
 * to while creating the others), {@code AVALA_TEST_POSTGRES_USER} and {@code AVALA_TEST_POSTGRES_PASSWORD} (a user
 * allowed to create databases). {@code .ci/with-postgres} starts a throwaway server and sets them. Without them
 * (or with a server that cannot be reached) the class is skipped, saying why; with {@code AVALA_TEST_POSTGRES_REQUIRED=true} (CI) it fails instead, so the
 * suite is never skipped silently.
 */
public final class PostgresExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ExecutionCondition {

	private static final String URL = "AVALA_TEST_POSTGRES_URL";

	private static final String REQUIRED = "AVALA_TEST_POSTGRES_REQUIRED";

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

	/** Why the server cannot be used, or null when it can; checked once per JVM. */
	private static volatile String unavailable;

	private static volatile boolean checked;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (context.getTestMethod().isEmpty()) {
			// Disabled rather than aborted in beforeAll: Surefire reports a disabled class as skipped, with the
			// reason; an aborted one as "Tests run: 0", which reads like a suite that passed.
			String why = unavailable();
			if (why != null && !Boolean.parseBoolean(System.getenv(REQUIRED))) {
				return ConditionEvaluationResult.disabled("PostgreSQL tests skipped: " + why);
			}
			return ConditionEvaluationResult.enabled("PostgreSQL available, or required");
		}
		boolean marked = AnnotationSupport.isAnnotated(context.getRequiredTestMethod(), OnPostgres.class)
				|| AnnotationSupport.isAnnotated(context.getRequiredTestMethod().getDeclaringClass(), OnPostgres.class);
		return marked ? ConditionEvaluationResult.enabled("@OnPostgres")
				: ConditionEvaluationResult.disabled("not @OnPostgres: runs on H2 only");
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		String why = unavailable();
		if (why != null) {
			throw new IllegalStateException("PostgreSQL is required (" + REQUIRED + "=true) but " + why);
		}
	}

	private static String unavailable() {
		if (!checked) {
			unavailable = check();
			checked = true;
		}
		return unavailable;
	}

	private static String check() {
		String url = System.getenv(URL);
		if (url == null || url.isBlank()) {
			return URL + " is not set (run them with: bash .ci/with-postgres ./mvnw -B verify)";
		}
		try (Connection connection = admin()) {
			return connection.isValid(5) ? null : "the connection to " + url + " is not valid";
		}
		catch (SQLException ex) {
			return "cannot connect to " + url + ": " + ex.getMessage();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) throws SQLException {
		String name = "avala_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
		execute("CREATE DATABASE " + name);
		context.getStore(NAMESPACE).put("database", name);
		TestDatabase.usePostgres(new TestDatabase.Coordinates(withDatabase(System.getenv(URL), name), user(),
				password()));
	}

	@Override
	public void afterEach(ExtensionContext context) throws SQLException {
		TestDatabase.usePostgres(null);
		String name = context.getStore(NAMESPACE).remove("database", String.class);
		if (name != null) {
			// FORCE: a child process the test killed may not have closed its connections yet.
			execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(System.getenv(URL), user(), password());
	}

	private static String user() {
		return System.getenv().getOrDefault("AVALA_TEST_POSTGRES_USER", System.getProperty("user.name"));
	}

	private static String password() {
		return System.getenv().getOrDefault("AVALA_TEST_POSTGRES_PASSWORD", "");
	}

	/** {@code jdbc:postgresql://host:port/db?options} with another database name. */
	static String withDatabase(String url, String database) {
		int query = url.indexOf('?');
		String base = (query >= 0) ? url.substring(0, query) : url;
		String options = (query >= 0) ? url.substring(query) : "";
		int slash = base.indexOf('/', "jdbc:postgresql://".length());
		return ((slash >= 0) ? base.substring(0, slash) : base) + "/" + database + options;
	}

}
