-- The upload ledger: one row per manifest entry of a job instance. Plain SQL types so that a job repository
-- in another database (PostgreSQL, MySQL, ...) can hold it too.
CREATE TABLE IF NOT EXISTS AVALA_UPLOAD_LEDGER (
	JOB_INSTANCE_ID BIGINT NOT NULL,
	ENTRY_NO BIGINT NOT NULL,
	NAME VARCHAR(1024) NOT NULL,
	FILE_PATH VARCHAR(4096) NOT NULL,
	SIZE_BYTES BIGINT NOT NULL,
	MTIME_MS BIGINT NOT NULL,
	SHA256 VARCHAR(64),
	STATE VARCHAR(16) NOT NULL,
	UPLOAD_URL VARCHAR(8000),
	URL_EXPIRES_AT BIGINT,
	MD5 VARCHAR(32),
	ETAG VARCHAR(128),
	ATTEMPTS INT DEFAULT 0 NOT NULL,
	ERROR_KIND VARCHAR(16),
	LAST_ERROR VARCHAR(1000),
	CONSTRAINT AVALA_UPLOAD_LEDGER_PK PRIMARY KEY (JOB_INSTANCE_ID, ENTRY_NO)
);
CREATE INDEX IF NOT EXISTS AVALA_UPLOAD_LEDGER_NAME ON AVALA_UPLOAD_LEDGER (JOB_INSTANCE_ID, NAME);

-- Webhook deliveries already received, so that a delivery Avala repeats (same id) wakes nobody twice, even
-- after a restart. Rows older than avala.webhook.dedupe-retention are purged by the receiver (at most
-- hourly; the table holds a few days of deliveries, so it needs no index on RECEIVED_AT).
CREATE TABLE IF NOT EXISTS AVALA_WEBHOOK_DELIVERY (
	DELIVERY_ID VARCHAR(64) NOT NULL,
	EVENT VARCHAR(100),
	RECEIVED_AT BIGINT NOT NULL,
	CONSTRAINT AVALA_WEBHOOK_DELIVERY_PK PRIMARY KEY (DELIVERY_ID)
);

-- Run leases: a process works on a run (name + runDate) only while it holds the run's row here, renewed by a
-- heartbeat. An expired row means its owner is dead. Times are epoch milliseconds read from the database's
-- own CURRENT_TIMESTAMP, so hosts with skewed clocks agree on expiry.
CREATE TABLE IF NOT EXISTS AVALA_RUN_LEASE (
	RUN_KEY VARCHAR(1000) NOT NULL,
	OWNER VARCHAR(300) NOT NULL,
	OWNER_PID BIGINT NOT NULL,
	OWNER_SCOPE VARCHAR(200),
	ACQUIRED_AT BIGINT NOT NULL,
	HEARTBEAT_AT BIGINT NOT NULL,
	EXPIRES_AT BIGINT NOT NULL,
	CONSTRAINT AVALA_RUN_LEASE_PK PRIMARY KEY (RUN_KEY)
);

-- Annotation progress samples: one row per check of a run's annotation wait (completed of total tasks, and
-- the work batches in one phrase), for the console's chart and the progress gauge. Bounded per run: past
-- ProgressSamples.MAX_PER_RUN rows every other older sample is thinned out, so a long wait keeps its shape.
CREATE TABLE IF NOT EXISTS AVALA_PROGRESS_SAMPLE (
	JOB_INSTANCE_ID BIGINT NOT NULL,
	SAMPLED_AT BIGINT NOT NULL,
	COMPLETED_TASKS BIGINT NOT NULL,
	TOTAL_TASKS BIGINT NOT NULL,
	WORK_BATCHES VARCHAR(200),
	CONSTRAINT AVALA_PROGRESS_SAMPLE_PK PRIMARY KEY (JOB_INSTANCE_ID, SAMPLED_AT)
);

-- The last fire of each schedule (per job file) and its exit code; for a fire refused before its run started (no
-- Spring Batch execution), the reason. The console's schedules page reads it.
CREATE TABLE IF NOT EXISTS AVALA_SCHEDULE_FIRE (
	SCHEDULE_NAME VARCHAR(200) NOT NULL,
	JOB_FILE VARCHAR(1000) NOT NULL,
	FIRE_TIME BIGINT NOT NULL,
	ENDED_AT BIGINT NOT NULL,
	RUN_DATE VARCHAR(10) NOT NULL,
	EXIT_CODE INTEGER NOT NULL,
	FAILURE VARCHAR(2000),
	CONSTRAINT AVALA_SCHEDULE_FIRE_PK PRIMARY KEY (SCHEDULE_NAME, JOB_FILE)
);
