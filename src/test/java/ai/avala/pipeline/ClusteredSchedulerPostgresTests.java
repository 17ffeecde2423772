package ai.avala.pipeline;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ClusteredSchedulerTests} with both schedulers on a real PostgreSQL server. Skipped, saying so, where no
 * server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class ClusteredSchedulerPostgresTests extends ClusteredSchedulerTests {

}
