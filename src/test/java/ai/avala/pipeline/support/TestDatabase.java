package ai.avala.pipeline.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The job repository a test's commands use: an H2 file in the test's folder, or, inside a {@code *PostgresTests}
 * class ({@link PostgresExtension}), a fresh PostgreSQL database made for the test.
 */
public final class TestDatabase {

	/** The PostgreSQL database of the test running now; null for H2. Tests of one JVM run one at a time. */
	private static volatile Coordinates postgres;

	private TestDatabase() {
	}

	static void usePostgres(Coordinates database) {
		postgres = database;
	}

	public static boolean isPostgres() {
		return postgres != null;
	}

	/** The JDBC URL of the job repository of {@code workDir}, as the commands use it. */
	public static String url(Path workDir) {
		Coordinates database = postgres;
		return (database != null) ? database.url()
				: "jdbc:h2:async:" + workDir.resolve("db/avala").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
	}

	public static String username() {
		Coordinates database = postgres;
		return (database != null) ? database.username() : "sa";
	}

	public static String password() {
		Coordinates database = postgres;
		return (database != null) ? database.password() : "";
	}

	/** The command-line arguments that point a command at it; the password is left to {@link #environment()}. */
	public static List<String> arguments(Path workDir) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.datasource.url=" + url(workDir));
		if (isPostgres()) {
			arguments.add("--spring.datasource.username=" + username());
		}
		return arguments;
	}

	/** The environment a child process needs for it (the password, as a user would pass it). */
	public static Map<String, String> environment() {
		return isPostgres() ? Map.of("SPRING_DATASOURCE_PASSWORD", password()) : Map.of();
	}

	/** The same as Spring properties, for an application context built by a test. */
	public static List<String> properties(Path workDir) {
		return List.of("spring.datasource.url=" + url(workDir), "spring.datasource.username=" + username(),
				"spring.datasource.password=" + password());
	}

	/** A new connection source to it, as another process would open. */
	public static DataSource dataSource(Path workDir) {
		return new DriverManagerDataSource(url(workDir), username(), password());
	}

	/** A PostgreSQL database and how to log in to it. */
	record Coordinates(String url, String username, String password) {
	}

}
