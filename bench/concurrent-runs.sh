#!/usr/bin/env bash
# Many runs at once (issue 13): N jobs, each uploading F files, run concurrently against one standalone sandbox
# (storage discard, no rate limit, fast clock), through ONE scheduler process (default) or N 'run' processes.
#
#   bench/concurrent-runs.sh [--jobs N] [--files F] [--size BYTES] [--mode scheduler|processes]
#
# Defaults: 8 jobs x 5,000 files of 4 KiB, mode scheduler. All jobs upload the same generated files (page cache
# warm) into their own datasets; names are unique per bench run, so a shared database can be reused.
#
# Job repository: H2 in a file in the bench's folder (the default), or PostgreSQL when PG_URL is set
# (PG_URL=jdbc:postgresql://127.0.0.1:5432/avala PG_USER=... PG_PASSWORD=...; the jar must hold the driver).
#
# The scheduler runs at most org.quartz.threadPool.threadCount runs at once (default 4), all of them on one
# HikariCP pool (spring.datasource.hikari.maximum-pool-size, default 16). This bench writes a
# config/application.yml into its folder that raises the threads to N and the pool to THREADS_POOL (default
# 16 + 2 x N); the schedules all fire at the same second.
#
# Output: per job and per step (from the job repository's BATCH_STEP_EXECUTION), total files/s over the wall
# time from the first run's start to the last run's end, and the mean of each step. JFR=1 records the tool
# and prints the share of its CPU samples in database code (JDBC driver, H2 engine, HikariCP, Spring JDBC and
# Batch's repository DAOs) -- with H2 the engine runs inside the tool, with PostgreSQL only the client does.
# Env: TOOL_XMX (default 1g), BENCH_TIMEOUT (seconds, default 3600), CLOCK_SPEED (sandbox, default 100000).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/bench/out"
JAR="$ROOT/target/avala-pipeline.jar"
JOBS=8; FILES=5000; SIZE=4096; MODE=scheduler
XMX=${TOOL_XMX:-1g}
TIMEOUT=${BENCH_TIMEOUT:-3600}
while [ $# -gt 0 ]; do
	case "$1" in
		--jobs) JOBS="$2"; shift ;;
		--files) FILES="$2"; shift ;;
		--size) SIZE="$2"; shift ;;
		--mode) MODE="$2"; shift ;;
		-h|--help) sed -n '2,23p' "$0"; exit 0 ;;
		*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case "$MODE" in scheduler|processes) ;; *) echo "--mode is scheduler or processes" >&2; exit 2 ;; esac
POOL=${THREADS_POOL:-$(( 16 + 2 * JOBS ))}
STAMP=$(date +%Y%m%d-%H%M%S)
TAG="c$(date +%H%M%S)"
WORK="$OUT/concurrent-$STAMP"
mkdir -p "$WORK"/{config,jobs,schedules,data,exports}

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]; then
	echo "building $JAR"
	(cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi

if [ -n "${PG_URL:-}" ]; then
	DB_URL="$PG_URL"; DB_USER="${PG_USER:-postgres}"; DB_PASSWORD="${PG_PASSWORD:-}"; DB=postgresql
else
	DB_URL="jdbc:h2:async:$WORK/data/avala-pipeline;AUTO_SERVER=TRUE;WRITE_DELAY=0"; DB_USER=sa; DB_PASSWORD=""; DB=h2
fi
# The datasource reaches every JVM through the environment (as in the deployment recipes), never the key.
export SPRING_DATASOURCE_URL="$DB_URL" SPRING_DATASOURCE_USERNAME="$DB_USER" SPRING_DATASOURCE_PASSWORD="$DB_PASSWORD"

PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the sandbox ----------------------------------------------------------------------------------------
java -jar "$JAR" sandbox --port 0 --rate-limit 0 --clock-speed "${CLOCK_SPEED:-100000}" --storage discard \
	--url-lifetime 36500d > "$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!; PIDS+=("$SANDBOX_PID")
READY=""
for _ in $(seq 1 240); do
	READY=$(grep -m1 '^Avala sandbox ready:' "$WORK/sandbox.log" || true)
	[ -n "$READY" ] && break
	kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$WORK/sandbox.log"; exit 1; }
	sleep 0.5
done
[ -n "$READY" ] || { echo "sandbox not ready after 120 s" >&2; exit 1; }
export AVALA_BASE_URL=$(sed -E 's/.*base-url=([^ ]+).*/\1/' <<<"$READY")
export AVALA_API_KEY=$(sed -E 's/.*api-key=([^ ]+).*/\1/' <<<"$READY")
TEMPLATE=$(sed -E 's/.*template=([^ ]+).*/\1/' <<<"$READY")
case "$AVALA_BASE_URL" in http://127.0.0.1:*|http://localhost:*) ;; *) echo "not loopback: $AVALA_BASE_URL" >&2; exit 1 ;; esac

# ---- data, jobs, schedules ------------------------------------------------------------------------------
DATA="$OUT/data/concurrent-$FILES-$SIZE"
python3 "$ROOT/bench/bench.py" gen "$DATA" "$FILES" "$SIZE"
find "$DATA" -type f -print0 | xargs -0 -r cat > /dev/null
RUN_DATE=$(date -u +%Y-%m-%d)
# All schedules fire at one second, far enough ahead for the scheduler to start (a fire up to 60 s late still
# runs; later, the run-once misfire policy fires it at once).
FIRE=$(date -u -d "+${FIRE_DELAY:-40} seconds" +%s)
CRON="$(date -u -d @"$FIRE" '+%-S %-M %-H') * * ?"
for i in $(seq 1 "$JOBS"); do
	cat > "$WORK/jobs/$TAG-$i.yml" <<-EOF
		name: $TAG-$i
		manifest: $DATA/manifest.csv
		dataType: images
		templateProjectUid: $TEMPLATE
		export:
		  format: coco
		  directory: ../exports
		poll:
		  interval: 100ms
		  maxInterval: 500ms
		  timeout: 60m
		upload:
		  concurrency: 16
		  flow: manifest
	EOF
	printf 'job: ../jobs/%s.yml\ncron: "%s"\ntimeZone: UTC\n' "$TAG-$i" "$CRON" > "$WORK/schedules/$TAG-$i.yml"
done
cat > "$WORK/config/application.yml" <<-EOF
	spring:
	  datasource:
	    hikari:
	      maximum-pool-size: $POOL
	  quartz:
	    properties:
	      org.quartz.threadPool.threadCount: $JOBS
EOF

JFR_OPT=""
[ "${JFR:-0}" = 1 ] && JFR_OPT="-XX:StartFlightRecording=filename=$WORK/tool.jfr,settings=profile"
echo "$JOBS jobs x $FILES files x $SIZE B, mode $MODE, database $DB, Quartz threads $JOBS, pool $POOL; folder $WORK"

# ---- the runs -------------------------------------------------------------------------------------------
T0=$(date +%s.%N)
cd "$WORK"
if [ "$MODE" = scheduler ]; then
	java -Xmx$XMX $JFR_OPT -jar "$JAR" scheduler --schedules schedules > "$WORK/scheduler.log" 2>&1 &
	SCHED=$!; PIDS+=("$SCHED")
	echo "scheduler pid $SCHED; the schedules fire at $(date -u -d @"$FIRE" +%H:%M:%S) UTC"
	deadline=$(( $(date +%s) + TIMEOUT ))
	while :; do
		done_runs=$(grep -cE "^Run .* completed \(|avala-pipeline: step .* failed" "$WORK/scheduler.log" || true)
		[ "$done_runs" -ge "$JOBS" ] && break
		kill -0 "$SCHED" 2>/dev/null || { echo "the scheduler died:"; tail -20 "$WORK/scheduler.log"; exit 1; }
		[ "$(date +%s)" -lt "$deadline" ] || { echo "timed out after $TIMEOUT s ($done_runs of $JOBS runs ended)"; exit 1; }
		sleep 1
	done
	kill -TERM "$SCHED"; rc=0; wait "$SCHED" || rc=$?
	echo "scheduler exit $rc"
else
	pids=()
	for i in $(seq 1 "$JOBS"); do
		java -Xmx$XMX ${JFR_OPT:+${JFR_OPT/tool.jfr/tool-$i.jfr}} -jar "$JAR" run "jobs/$TAG-$i.yml" runDate="$RUN_DATE" > "$WORK/run-$i.log" 2>&1 &
		pids+=($!); PIDS+=($!)
	done
	for i in "${!pids[@]}"; do rc=0; wait "${pids[$i]}" || rc=$?; echo "run $((i + 1)) exit $rc"; done
fi
T1=$(date +%s.%N)
cd "$ROOT"

# ---- what the job repository recorded -------------------------------------------------------------------
SQL="SELECT p.PARAMETER_VALUE AS RUN, s.STEP_NAME, s.STATUS, s.START_TIME, s.END_TIME, s.WRITE_COUNT, s.COMMIT_COUNT
 FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
 WHERE p.PARAMETER_NAME = 'name' AND p.PARAMETER_VALUE LIKE '$TAG-%' ORDER BY s.STEP_EXECUTION_ID"
# The H2 console's shell, from the fat jar's own libraries: a plain JDBC client (any driver the jar holds).
java -cp "$JAR" -Dloader.main=org.h2.tools.Shell org.springframework.boot.loader.launch.PropertiesLauncher \
	-url "$DB_URL" -user "$DB_USER" -password "$DB_PASSWORD" -sql "$SQL" > "$WORK/steps.txt"
JFR_FILE=""; [ "${JFR:-0}" = 1 ] && [ "$MODE" = scheduler ] && JFR_FILE="$WORK/tool.jfr"
python3 "$ROOT/bench/concurrent-summary.py" "$WORK/steps.txt" "$JOBS" "$FILES" "$SIZE" "$MODE" "$DB" "$T0" "$T1" \
	$JFR_FILE | tee "$WORK/summary.txt"
echo "raw: $WORK/steps.txt, logs in $WORK"
