package ai.avala.pipeline.progress;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import ai.avala.pipeline.progress.ProgressSamples.Sample;
import ai.avala.pipeline.support.OnPostgres;
import ai.avala.pipeline.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annotation progress samples the wait records for the console: read back in order, bounded per run by thinning
 * (the shape kept: first and last samples stay), a repeat of the same millisecond ignored. On H2 here, on PostgreSQL
 * in {@link ProgressSamplesPostgresTests}.
 */
@OnPostgres
class ProgressSamplesTests {

	@TempDir
	Path folder;

	private ProgressSamples samples;

	@BeforeEach
	void emptyTable() {
		DataSource dataSource = new SingleConnectionDataSource(TestDatabase.url(this.folder), TestDatabase.username(),
				TestDatabase.password(), true);
		new ResourceDatabasePopulator(new ClassPathResource("schema-avala.sql")).execute(dataSource);
		this.samples = new ProgressSamples(dataSource);
	}

	@Test
	void samplesAreReadBackOldestFirstPerRun() {
		// given
		this.samples.record(1, new Sample(2_000, 5, 10, "work batches 0/2 completed, 1 in progress"));
		this.samples.record(1, new Sample(1_000, 0, 10, null));
		this.samples.record(2, new Sample(1_500, 3, 3, null));
		// when
		List<Sample> run = this.samples.of(1);
		// then
		assertThat(run).extracting(Sample::at).containsExactly(1_000L, 2_000L);
		assertThat(run.get(1).ratio()).isEqualTo(0.5);
		assertThat(run.get(1).workBatches()).isEqualTo("work batches 0/2 completed, 1 in progress");
		assertThat(this.samples.latest(2)).map(Sample::completed).contains(3L);
		assertThat(this.samples.latest(3)).isEmpty();
	}

	@Test
	void aLongWaitIsThinnedToTheBoundKeepingItsFirstAndLastSamples() {
		// when: a day of checks every 30 s
		int checks = 2_880;
		for (int i = 0; i < checks; i++) {
			this.samples.record(7, new Sample(1_000L * 30 * i, i, checks, null));
		}
		// then
		List<Sample> kept = this.samples.of(7);
		assertThat(kept).hasSizeLessThanOrEqualTo(ProgressSamples.MAX_PER_RUN).hasSizeGreaterThan(ProgressSamples.MAX_PER_RUN / 2);
		assertThat(kept.get(0).at()).isZero();
		assertThat(kept.get(kept.size() - 1).completed()).isEqualTo(checks - 1);
		assertThat(kept).extracting(Sample::completed).isSorted();
	}

	@Test
	void aSecondSampleInTheSameMillisecondIsIgnored() {
		this.samples.record(9, new Sample(5_000, 1, 4, null));
		this.samples.record(9, new Sample(5_000, 2, 4, null));
		assertThat(this.samples.of(9)).extracting(Sample::completed).containsExactly(1L);
	}

}
