package ai.avala.pipeline;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LifecycleEndToEndTests} (those marked {@code @OnPostgres}): the whole lifecycle, run as a user would, on a real PostgreSQL job repository. Skipped, saying so,
 * where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class LifecycleEndToEndPostgresTests extends LifecycleEndToEndTests {

}
