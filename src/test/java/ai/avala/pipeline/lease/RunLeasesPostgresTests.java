package ai.avala.pipeline.lease;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RunLeasesTests} (those marked {@code @OnPostgres}): the run lease's statements (insert race, compare-and-set take-over, the database's clock) on a real PostgreSQL server. Skipped, saying so,
 * where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class RunLeasesPostgresTests extends RunLeasesTests {

}
