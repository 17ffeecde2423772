package ai.avala.pipeline.lifecycle;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ConcurrentLaunchTests} on a real PostgreSQL job repository, where the isolation level of the creates
 * matters. Skipped, saying so, where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentLaunchPostgresTests extends ConcurrentLaunchTests {

}
