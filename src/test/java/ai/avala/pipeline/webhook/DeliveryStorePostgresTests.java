package ai.avala.pipeline.webhook;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DeliveryStoreTests} on a real PostgreSQL server: its unique-key violation must read as a duplicate
 * delivery. Skipped, saying so, where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class DeliveryStorePostgresTests extends DeliveryStoreTests {

}
