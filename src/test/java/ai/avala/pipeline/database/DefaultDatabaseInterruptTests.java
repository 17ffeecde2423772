package ai.avala.pipeline.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default H2 URL survives a thread interrupted while it writes. Quartz interrupts its scheduler thread when the
 * scheduler stops; with H2's {@code file:} file system that interrupt closed the database for the whole process
 * (ClosedByInterruptException), Quartz then retried its commit forever and {@code scheduler} hung on SIGTERM.
 */
class DefaultDatabaseInterruptTests {

	@TempDir
	Path folder;

	@Test
	void theDefaultDatabaseStaysOpenWhenAWritingThreadIsInterrupted() throws Exception {
		// given: the built-in default URL, pointed at a temp folder
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		Properties defaults = yaml.getObject();
		String url = defaults.getProperty("spring.datasource.url")
			.replace("./data/avala-pipeline", this.folder.resolve("db").toAbsolutePath().toString());
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			connection.createStatement().execute("CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(100))");
			CountDownLatch writing = new CountDownLatch(1);
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread writer = new Thread(() -> write(connection, writing, failure));
			writer.start();
			assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
			// when: the writer is interrupted again and again while it commits
			for (int i = 0; i < 50 && writer.isAlive(); i++) {
				writer.interrupt();
				Thread.onSpinWait();
			}
			writer.join(TimeUnit.SECONDS.toMillis(60));
			// then: the database is still open, for that connection and for a new one
			assertThat(failure.get()).as("the writer's failure").isNull();
			try (ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM T")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).isEqualTo(500);
			}
		}
	}

	private static void write(Connection connection, CountDownLatch writing, AtomicReference<Throwable> failure) {
		try (PreparedStatement merge = connection.prepareStatement("MERGE INTO T KEY(ID) VALUES (?, ?)")) {
			for (int i = 0; i < 20_000; i++) {
				merge.setInt(1, i % 500);
				merge.setString(2, "value " + i);
				merge.executeUpdate();
				writing.countDown();
				Thread.interrupted(); // the interrupt is the test's stimulus, not a request to stop
			}
		}
		catch (SQLException | RuntimeException ex) {
			failure.set(ex);
		}
	}

}
