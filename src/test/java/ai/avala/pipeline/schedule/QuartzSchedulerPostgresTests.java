package ai.avala.pipeline.schedule;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link QuartzSchedulerTests} (those marked {@code @OnPostgres}): Quartz's clustered JDBC store, with the scheduler's own PostgreSQL script and delegate, on a real PostgreSQL server. Skipped, saying so,
 * where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class QuartzSchedulerPostgresTests extends QuartzSchedulerTests {

}
