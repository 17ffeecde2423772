package ai.avala.pipeline.schedule;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ScheduleFiresTests} on a real PostgreSQL server: the portable DDL and the update-then-insert of a fire.
 * Skipped, saying so, where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class ScheduleFiresPostgresTests extends ScheduleFiresTests {

}
