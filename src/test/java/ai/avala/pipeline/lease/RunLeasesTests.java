package ai.avala.pipeline.lease;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The lease table on a real H2 file database, reached through separate data sources as separate processes
 * would. Scopes stand for machines: a lease whose scope is not ours belongs to a process we cannot see.
 */
@OnPostgres
class RunLeasesTests {

	private static final String RUN = "nightly 2026-11-29";

	private static final String HERE = "this-machine";

	@TempDir
	Path folder;

	private final List<RunLease> held = new ArrayList<>();

	private JdbcTemplate db;

	@BeforeEach
	void schema() {
		this.db = new JdbcTemplate(dataSource());
		new ResourceDatabasePopulator(new ClassPathResource("schema-avala.sql")).execute(this.db.getDataSource());
	}

	@AfterEach
	void release() {
		this.held.forEach(RunLease::close);
	}

	@Test
	void ofManyProcessesRacingForOneRunExactlyOneGetsIt() throws Exception {
		// given: eight "processes", each with its own connection pool, released at once
		int racers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger refused = new AtomicInteger();
		List<Future<RunLease>> attempts = new ArrayList<>();
		for (int i = 0; i < racers; i++) {
			RunLeases leases = leases(Duration.ofSeconds(60), "machine-" + i);
			attempts.add(pool.submit(() -> {
				go.await();
				try {
					return leases.acquire(RUN, () -> {
					});
				}
				catch (LeaseHeldException ex) {
					refused.incrementAndGet();
					return null;
				}
			}));
		}
		// when
		go.countDown();
		List<RunLease> winners = new ArrayList<>();
		for (Future<RunLease> attempt : attempts) {
			RunLease lease = attempt.get();
			if (lease != null) {
				winners.add(lease);
				this.held.add(lease);
			}
		}
		pool.shutdown();
		// then
		assertThat(winners).hasSize(1);
		assertThat(refused).hasValue(racers - 1);
		assertThat(this.db.queryForObject("SELECT OWNER FROM AVALA_RUN_LEASE", String.class))
			.isEqualTo(winners.get(0).owner());
	}

	@Test
	void heartbeatsKeepALiveLeaseHeldLongPastItsTtl() {
		// given: a 1 s lease, renewed every 1/6 s
		RunLeases mine = leases(Duration.ofSeconds(1), HERE);
		hold(mine.acquire(RUN, () -> {
		}));
		// when: three TTLs pass by the database's clock
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.db.queryForObject("SELECT HEARTBEAT_AT - ACQUIRED_AT FROM AVALA_RUN_LEASE", Long.class) >= 3_000);
		// then: it is still live for a process elsewhere
		assertThatExceptionOfType(LeaseHeldException.class)
			.isThrownBy(() -> leases(Duration.ofSeconds(1), "elsewhere").acquire(RUN, () -> {
			}))
			.withMessageContaining("run " + RUN + " is running in another process");
	}

	@Test
	void anExpiredLeaseIsTakenOverAndItsFormerHolderIsToldItLostIt() {
		// given: a holder on another machine whose lease has run out (say its host froze)
		CountDownLatch lost = new CountDownLatch(1);
		RunLease frozen = hold(leases(Duration.ofSeconds(60), "frozen-host").acquire(RUN, lost::countDown));
		this.db.update("UPDATE AVALA_RUN_LEASE SET EXPIRES_AT = 0");
		// when
		RunLease taken = hold(leases(Duration.ofSeconds(60), HERE).acquire(RUN, () -> {
		}));
		// then: ours now; the former holder's next heartbeat finds it lost and says so once
		assertThat(this.db.queryForObject("SELECT OWNER FROM AVALA_RUN_LEASE", String.class)).isEqualTo(taken.owner());
		await().atMost(Duration.ofSeconds(30)).until(() -> lost.getCount() == 0);
		assertThat(frozen.lost()).isTrue();
		frozen.close();
		assertThat(this.db.queryForObject("SELECT OWNER FROM AVALA_RUN_LEASE", String.class))
			.as("a lost lease is not released by its former holder")
			.isEqualTo(taken.owner());
	}

	@Test
	void aLeaseOfAProcessThatEndedOnThisMachineIsTakenOverAtOnceButNotOneOfAnotherMachine() throws Exception {
		// given: an unexpired lease row left by a process that has ended
		Process ended = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-version").start();
		ended.waitFor();
		insertLease("dead-host:" + ended.pid() + ":x", ended.pid(), "elsewhere");
		// when / then: its pid means nothing to a process on another machine, so it waits for the expiry
		assertThatExceptionOfType(LeaseHeldException.class).isThrownBy(() -> leases(Duration.ofSeconds(60), HERE)
			.acquire(RUN, () -> {
			}));
		// when / then: on the owner's machine the ended pid is proof enough
		this.db.update("UPDATE AVALA_RUN_LEASE SET OWNER_SCOPE = ?", HERE);
		RunLease lease = hold(leases(Duration.ofSeconds(60), HERE).acquire(RUN, () -> {
		}));
		assertThat(this.db.queryForObject("SELECT OWNER FROM AVALA_RUN_LEASE", String.class)).isEqualTo(lease.owner());
	}

	@Test
	void closingReleasesTheLeaseForTheNextRun() {
		RunLeases leases = leases(Duration.ofSeconds(60), HERE);
		leases.acquire(RUN, () -> {
		}).close();
		assertThat(this.db.queryForObject("SELECT COUNT(*) FROM AVALA_RUN_LEASE", Integer.class)).isZero();
		hold(leases(Duration.ofSeconds(60), "elsewhere").acquire(RUN, () -> {
		}));
	}

	private void insertLease(String owner, long pid, String scope) {
		long inAnHour = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
		this.db.update("INSERT INTO AVALA_RUN_LEASE (RUN_KEY, OWNER, OWNER_PID, OWNER_SCOPE, ACQUIRED_AT, HEARTBEAT_AT, "
				+ "EXPIRES_AT) VALUES (?, ?, ?, ?, 0, 0, ?)", RUN, owner, pid, scope, inAnHour);
	}

	private RunLease hold(RunLease lease) {
		this.held.add(lease);
		return lease;
	}

	private RunLeases leases(Duration ttl, String scope) {
		return new RunLeases(dataSource(), new LeaseProperties(ttl), scope);
	}

	private DataSource dataSource() {
		return TestDatabase.dataSource(this.folder);
	}

}
