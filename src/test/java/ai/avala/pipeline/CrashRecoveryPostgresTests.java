package ai.avala.pipeline;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CrashRecoveryTests} (those marked {@code @OnPostgres}): SIGKILL mid-upload and between a create and its answer, then a restart, on a real PostgreSQL job repository. Skipped, saying so,
 * where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryPostgresTests extends CrashRecoveryTests {

}
