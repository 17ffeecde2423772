package ai.avala.pipeline.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The annotation progress a run's wait saw at each check ({@code AVALA_PROGRESS_SAMPLE}, in the job repository's
 * database): what the console charts and the progress gauge reads. Best effort: a sample that cannot be written
 * is logged and the wait goes on. Bounded: past {@link #MAX_PER_RUN} samples of one run every other one of them
 * (the first and the last kept) is deleted, so a day-long wait keeps its whole shape in a few hundred rows.
 */
@Component
public class ProgressSamples {

	private static final Logger log = LoggerFactory.getLogger(ProgressSamples.class);

	/** Samples kept per run at most. */
	public static final int MAX_PER_RUN = 400;

	private final JdbcTemplate jdbc;

	public ProgressSamples(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * One check's progress.
	 *
	 * @param at epoch milliseconds
	 * @param workBatches the work batches in one phrase, or null when they were not read
	 */
	public record Sample(long at, long completed, long total, String workBatches) {

		/** Completed over total, 0 while no task exists. */
		public double ratio() {
			return (this.total == 0) ? 0.0 : (double) this.completed / this.total;
		}

	}

	public void record(long instanceId, Sample sample) {
		try {
			this.jdbc.update("INSERT INTO AVALA_PROGRESS_SAMPLE (JOB_INSTANCE_ID, SAMPLED_AT, COMPLETED_TASKS, "
					+ "TOTAL_TASKS, WORK_BATCHES) VALUES (?, ?, ?, ?, ?)", instanceId, sample.at(), sample.completed(),
					sample.total(), truncate(sample.workBatches()));
			thinIfFull(instanceId);
		}
		catch (DuplicateKeyException ex) {
			// Two checks in one millisecond (a webhook wake-up): the first one is enough.
		}
		catch (DataAccessException ex) {
			log.warn("Could not record an annotation progress sample for the console (the wait goes on): {}",
					ex.getMessage());
		}
	}

	/** The run's samples, oldest first. */
	public List<Sample> of(long instanceId) {
		return this.jdbc.query("SELECT SAMPLED_AT, COMPLETED_TASKS, TOTAL_TASKS, WORK_BATCHES FROM "
				+ "AVALA_PROGRESS_SAMPLE WHERE JOB_INSTANCE_ID = ? ORDER BY SAMPLED_AT",
				(rs, row) -> new Sample(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)), instanceId);
	}

	public Optional<Sample> latest(long instanceId) {
		List<Sample> all = of(instanceId);
		return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
	}

	private void thinIfFull(long instanceId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM AVALA_PROGRESS_SAMPLE WHERE JOB_INSTANCE_ID = ?", Integer.class, instanceId);
		if (count == null || count <= MAX_PER_RUN) {
			return;
		}
		List<Long> times = this.jdbc.queryForList(
				"SELECT SAMPLED_AT FROM AVALA_PROGRESS_SAMPLE WHERE JOB_INSTANCE_ID = ? ORDER BY SAMPLED_AT", Long.class,
				instanceId);
		List<Object[]> doomed = new ArrayList<>();
		for (int i = 1; i < times.size() - 1; i += 2) {
			doomed.add(new Object[] { instanceId, times.get(i) });
		}
		this.jdbc.batchUpdate("DELETE FROM AVALA_PROGRESS_SAMPLE WHERE JOB_INSTANCE_ID = ? AND SAMPLED_AT = ?", doomed);
	}

	private static String truncate(String text) {
		return (text == null || text.length() <= 200) ? text : text.substring(0, 200);
	}

}
