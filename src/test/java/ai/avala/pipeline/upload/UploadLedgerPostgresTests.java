package ai.avala.pipeline.upload;

import ai.avala.pipeline.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link UploadLedgerTests} on a real PostgreSQL server: 100,000 ledger rows written, paged and updated. Skipped,
 * saying so, where no server is configured (see {@link PostgresExtension}).
 */
@ExtendWith(PostgresExtension.class)
class UploadLedgerPostgresTests extends UploadLedgerTests {

}
