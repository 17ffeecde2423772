package ai.avala.pipeline;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link JobRepositoryConnectionTests} (those marked {@code @OnPostgres}) against a real PostgreSQL server that
 * refuses the password. Skipped, saying so, where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class JobRepositoryConnectionPostgresTests extends JobRepositoryConnectionTests {

}
