package ai.avala.pipeline.progress;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ProgressSamplesTests} on a real PostgreSQL server. Skipped, saying so, where no server is configured (see
 * {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class ProgressSamplesPostgresTests extends ProgressSamplesTests {

}
