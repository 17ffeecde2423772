package ai.avala.pipeline.upload;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable record of every manifest entry's upload, in the job repository's database. Read a page at a
 * time (keyset on the entry number), so a million entries never sit in memory together.
 */
@Repository
public class UploadLedger {

	private static final String COLUMNS = "JOB_INSTANCE_ID, ENTRY_NO, NAME, FILE_PATH, SIZE_BYTES, MTIME_MS, STATE, "
			+ "UPLOAD_URL, URL_EXPIRES_AT, ATTEMPTS, MD5";

	private static final int MAX_ERROR = 1000;

	private final JdbcTemplate jdbc;

	public UploadLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public void clear(long instance) {
		this.jdbc.update("DELETE FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ?", instance);
	}

	public void insert(List<LedgerEntry> entries) {
		this.jdbc.batchUpdate("INSERT INTO AVALA_UPLOAD_LEDGER (JOB_INSTANCE_ID, ENTRY_NO, NAME, FILE_PATH, "
				+ "SIZE_BYTES, MTIME_MS, STATE, MD5, ATTEMPTS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", entries, entries.size(),
				(ps, e) -> {
					ps.setLong(1, e.jobInstanceId());
					ps.setLong(2, e.entryNo());
					ps.setString(3, e.name());
					ps.setString(4, e.file().toString());
					ps.setLong(5, e.size());
					ps.setLong(6, e.mtimeMillis());
					ps.setString(7, LedgerEntry.PENDING);
					ps.setString(8, e.md5());
				});
	}

	/** Up to {@code limit} entries after {@code afterEntryNo}, in manifest order. */
	public List<LedgerEntry> page(long instance, long afterEntryNo, int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ? "
				+ "AND ENTRY_NO > ? ORDER BY JOB_INSTANCE_ID, ENTRY_NO", (ps) -> {
					ps.setLong(1, instance);
					ps.setLong(2, afterEntryNo);
					ps.setMaxRows(limit);
				}, UploadLedger::entry);
	}

	/** Up to {@code limit} entries not yet confirmed, after {@code afterEntryNo}, in manifest order. */
	public List<LedgerEntry> unconfirmedPage(long instance, long afterEntryNo, int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ? "
				+ "AND ENTRY_NO > ? AND STATE <> ? ORDER BY JOB_INSTANCE_ID, ENTRY_NO", (ps) -> {
					ps.setLong(1, instance);
					ps.setLong(2, afterEntryNo);
					ps.setString(3, LedgerEntry.CONFIRMED);
					ps.setMaxRows(limit);
				}, UploadLedger::entry);
	}

	/**
	 * Stores presigned URLs from the manifest-upload answer, matched by file name; never on a confirmed file,
	 * which needs no URL (and must not keep one: it is a credential).
	 */
	public void assignUrls(long instance, List<PresignedUrl> urls) {
		this.jdbc.batchUpdate("UPDATE AVALA_UPLOAD_LEDGER SET UPLOAD_URL = ?, URL_EXPIRES_AT = ? "
				+ "WHERE JOB_INSTANCE_ID = ? AND NAME = ? AND STATE <> '" + LedgerEntry.CONFIRMED + "'", urls, urls.size(),
				(ps, u) -> {
					ps.setString(1, u.url());
					if (u.expiresAtMillis() != null) {
						ps.setLong(2, u.expiresAtMillis());
					}
					else {
						ps.setNull(2, java.sql.Types.BIGINT);
					}
					ps.setLong(3, instance);
					ps.setString(4, u.name());
				});
	}

	/**
	 * Records a group of outcomes. A confirmed file's presigned URL is cleared in the same update: until it
	 * expires it is a credential to the dataset's storage, and a confirmed file is never uploaded again.
	 */
	public void record(List<UploadOutcome> outcomes) {
		this.jdbc.batchUpdate("UPDATE AVALA_UPLOAD_LEDGER SET STATE = ?, MD5 = COALESCE(?, MD5), ETAG = ?, "
				+ "ATTEMPTS = ATTEMPTS + ?, ERROR_KIND = ?, LAST_ERROR = ?, "
				+ "UPLOAD_URL = CASE WHEN ? THEN NULL ELSE UPLOAD_URL END, "
				+ "URL_EXPIRES_AT = CASE WHEN ? THEN NULL ELSE URL_EXPIRES_AT END "
				+ "WHERE JOB_INSTANCE_ID = ? AND ENTRY_NO = ?", outcomes, outcomes.size(), (ps, o) -> {
					ps.setString(1, o.confirmed() ? LedgerEntry.CONFIRMED : LedgerEntry.FAILED);
					ps.setString(2, o.md5Hex());
					ps.setString(3, o.etag());
					ps.setInt(4, o.attempts());
					ps.setString(5, o.errorKind());
					ps.setString(6, truncate(o.error()));
					ps.setBoolean(7, o.confirmed());
					ps.setBoolean(8, o.confirmed());
					ps.setLong(9, o.entry().jobInstanceId());
					ps.setLong(10, o.entry().entryNo());
				});
	}

	public long count(long instance, String state) {
		Long count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ? AND STATE = ?", Long.class,
				instance, state);
		return (count != null) ? count : 0;
	}

	/** Per state ({@code PENDING}, {@code CONFIRMED}, {@code FAILED}): entries and their declared sizes summed. */
	public java.util.Map<String, long[]> totals(long instance) {
		java.util.Map<String, long[]> totals = new java.util.LinkedHashMap<>();
		this.jdbc.query("SELECT STATE, COUNT(*), COALESCE(SUM(SIZE_BYTES), 0) FROM AVALA_UPLOAD_LEDGER "
				+ "WHERE JOB_INSTANCE_ID = ? GROUP BY STATE", (rs) -> {
					totals.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) });
				}, instance);
		return totals;
	}

	/** Entries not confirmed: failed after their retries, or still pending because no outcome was recorded. */
	public long countUnconfirmed(long instance) {
		Long count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ? AND STATE <> ?", Long.class,
				instance, LedgerEntry.CONFIRMED);
		return (count != null) ? count : 0;
	}

	/**
	 * All entries of a run, and those already confirmed: files and bytes (one aggregate read, at the start of the
	 * upload step, for its progress line).
	 */
	public Tally tally(long instance) {
		return this.jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(SIZE_BYTES), 0), "
				+ "COALESCE(SUM(CASE WHEN STATE = ? THEN 1 ELSE 0 END), 0), "
				+ "COALESCE(SUM(CASE WHEN STATE = ? THEN SIZE_BYTES ELSE 0 END), 0) "
				+ "FROM AVALA_UPLOAD_LEDGER WHERE JOB_INSTANCE_ID = ?",
				(rs, row) -> new Tally(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), LedgerEntry.CONFIRMED,
				LedgerEntry.CONFIRMED, instance);
	}

	/** The first entries not confirmed, in manifest order, with why, for the message that fails the step. */
	public List<Failure> unconfirmed(long instance, int limit) {
		return this.jdbc.query("SELECT NAME, STATE, ERROR_KIND, LAST_ERROR FROM AVALA_UPLOAD_LEDGER "
				+ "WHERE JOB_INSTANCE_ID = ? AND STATE <> ? ORDER BY ENTRY_NO", (ps) -> {
					ps.setLong(1, instance);
					ps.setString(2, LedgerEntry.CONFIRMED);
					ps.setMaxRows(limit);
				}, UploadLedger::failure);
	}

	private static Failure failure(ResultSet rs, int row) throws SQLException {
		if (LedgerEntry.FAILED.equals(rs.getString(2))) {
			return new Failure(rs.getString(1), rs.getString(3), rs.getString(4));
		}
		return new Failure(rs.getString(1), null, "no outcome recorded (interrupted, or the ledger write failed)");
	}

	private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
		long expires = rs.getLong(9);
		Long expiresAt = rs.wasNull() ? null : expires;
		return new LedgerEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), Path.of(rs.getString(4)),
				rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8), expiresAt, rs.getInt(10), rs.getString(11));
	}

	private static String truncate(String text) {
		return (text == null || text.length() <= MAX_ERROR) ? text : text.substring(0, MAX_ERROR);
	}

	/** A presigned URL for a named file. */
	public record PresignedUrl(String name, String url, Long expiresAtMillis) {
	}

	/** Files and bytes of a run's entries, and of those confirmed. */
	public record Tally(long files, long bytes, long confirmedFiles, long confirmedBytes) {
	}

	/** A file that failed, and why. */
	public record Failure(String name, String kind, String error) {
	}

}
