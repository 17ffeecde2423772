package ai.avala.pipeline.upload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload ledger at the scale of a large manifest, with every statement it issues: 100,000 entries written in
 * groups, read back a page at a time (keyset on the entry number), presigned URLs assigned by name, outcomes
 * recorded in transactions as the upload step does, counted, and the failures listed. On H2 here, on PostgreSQL in
 * {@link UploadLedgerPostgresTests}.
 */
@OnPostgres
class UploadLedgerTests {

	private static final long INSTANCE = 7;

	/** 100,000 on PostgreSQL; H2's file database takes three times as long at it, so fewer there. */
	private int entries;

	private static final int GROUP = 1_000;

	/** Every this many entries fails; the others are confirmed. */
	private static final int FAILING_EVERY = 997;

	@TempDir
	Path folder;

	private UploadLedger ledger;

	private TransactionTemplate transaction;

	@BeforeEach
	void emptyLedger() {
		this.entries = TestDatabase.isPostgres() ? 100_000 : 20_000;
		DataSource dataSource = new SingleConnectionDataSource(TestDatabase.url(this.folder), TestDatabase.username(),
				TestDatabase.password(), true);
		new ResourceDatabasePopulator(new ClassPathResource("schema-avala.sql")).execute(dataSource);
		this.ledger = new UploadLedger(new JdbcTemplate(dataSource));
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@Test
	void aLargeLedgerIsPagedInOrderAndItsOutcomesCountedAndListed() {
		// given
		for (int first = 1; first <= this.entries; first += GROUP) {
			List<LedgerEntry> group = new ArrayList<>();
			for (int no = first; no < first + GROUP; no++) {
				group.add(new LedgerEntry(INSTANCE, no, name(no), this.folder.resolve(name(no)), no, 1_700_000_000_000L,
						LedgerEntry.PENDING, null, null, 0, null));
			}
			this.transaction.executeWithoutResult((status) -> this.ledger.insert(group));
		}
		// when: URLs for a group by name, then every entry's outcome recorded a page at a time
		this.ledger.assignUrls(INSTANCE, List.of(new UploadLedger.PresignedUrl(name(1), "https://storage/1", 123L),
				new UploadLedger.PresignedUrl(name(FAILING_EVERY), "https://storage/997", null)));
		List<LedgerEntry> firstPage = this.ledger.page(INSTANCE, 0, 3);
		long read = 0;
		long last = 0;
		for (List<LedgerEntry> page; !(page = this.ledger.page(INSTANCE, last, 500)).isEmpty();) {
			assertThat(page.get(0).entryNo()).as("keyset paging continues after the last entry").isEqualTo(last + 1);
			List<UploadOutcome> outcomes = page.stream().map(UploadLedgerTests::outcome).toList();
			this.transaction.executeWithoutResult((status) -> this.ledger.record(outcomes));
			read += page.size();
			last = page.get(page.size() - 1).entryNo();
		}
		// then
		assertThat(read).isEqualTo(this.entries);
		assertThat(firstPage).extracting(LedgerEntry::entryNo).containsExactly(1L, 2L, 3L);
		assertThat(firstPage.get(0).uploadUrl()).isEqualTo("https://storage/1");
		assertThat(firstPage.get(0).urlExpiresAt()).isEqualTo(123L);
		long failing = this.entries / FAILING_EVERY;
		assertThat(this.ledger.count(INSTANCE, LedgerEntry.CONFIRMED)).isEqualTo(this.entries - failing);
		assertThat(this.ledger.countUnconfirmed(INSTANCE)).isEqualTo(failing);
		List<LedgerEntry> unconfirmed = this.ledger.unconfirmedPage(INSTANCE, 0, 1_000);
		assertThat(unconfirmed).hasSize((int) failing).allMatch((e) -> e.entryNo() % FAILING_EVERY == 0);
		assertThat(unconfirmed.get(0).uploadUrl()).as("a failed file keeps its URL for the retry")
			.isEqualTo("https://storage/997");
		assertThat(unconfirmed.get(0).attempts()).isEqualTo(3);
		assertThat(this.ledger.page(INSTANCE, 0, 1).get(0).uploadUrl()).as("a confirmed file's URL is cleared").isNull();
		assertThat(this.ledger.unconfirmed(INSTANCE, 2)).containsExactly(
				new UploadLedger.Failure(name(FAILING_EVERY), UploadOutcome.TRANSFER, "HTTP 503"),
				new UploadLedger.Failure(name(2 * FAILING_EVERY), UploadOutcome.TRANSFER, "HTTP 503"));
	}

	private static UploadOutcome outcome(LedgerEntry entry) {
		boolean fails = entry.entryNo() % FAILING_EVERY == 0;
		return fails ? new UploadOutcome(entry, false, null, null, 3, UploadOutcome.TRANSFER, "HTTP 503")
				: new UploadOutcome(entry, true, "0".repeat(32), "\"etag\"", 1, null, null);
	}

	private static String name(long no) {
		return "images/frame-" + no + ".jpg";
	}

}
