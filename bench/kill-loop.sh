#!/usr/bin/env bash
# Kills the tool with SIGKILL at random moments, again and again, restarting it each time with the same
# command, until a run completes; then checks on the sandbox that exactly one dataset, project, approval and
# export exist and that every file is stored with the right bytes, and counts files uploaded more than once.
#
#   bench/kill-loop.sh [files=2000] [kills=25] [max-delay-seconds=6]
#
# Loopback only; every loop is bounded. Writes under bench/out/kill-loop/.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-2000}; KILLS=${2:-25}; MAXDELAY=${3:-6}
OUT=$PWD/bench/out/kill-loop; rm -rf "$OUT"; mkdir -p "$OUT/data"
JAR=target/avala-pipeline.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests

python3 - "$OUT/data" "$FILES" <<'PY'
import os, sys, random
folder, count = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
with open(os.path.join(folder, "manifest.csv"), "w") as manifest:
    manifest.write("path,size\n")
    for i in range(count):
        data = rnd.randbytes(1024 + rnd.randrange(64 * 1024))
        name = f"f/{i:06d}.bin"
        os.makedirs(os.path.join(folder, "f"), exist_ok=True)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        manifest.write(f"{name},{len(data)}\n")
PY

java -jar "$JAR" sandbox --port 0 --rate-limit 0 --clock-speed 20000 --url-lifetime 36500d > "$OUT/sandbox.log" 2>&1 &
SANDBOX=$!
trap 'kill $SANDBOX 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "ready" "$OUT/sandbox.log" && break; sleep 0.1; done
line=$(grep "ready" "$OUT/sandbox.log")
BASE=$(sed 's/.*base-url=\([^ ]*\).*/\1/' <<<"$line"); KEY=$(sed 's/.*api-key=\([^ ]*\).*/\1/' <<<"$line")
TEMPLATE=$(sed 's/.*template=\([^ ]*\).*/\1/' <<<"$line")
cat > "$OUT/job.yml" <<EOF2
name: killloop
manifest: data/manifest.csv
templateProjectUid: $TEMPLATE
export:
  directory: exports
poll:
  interval: 200ms
  maxInterval: 1s
upload:
  concurrency: 16
  maxConcurrency: 16
EOF2
start_run() { # sets pid; a child of this shell, so that wait works
	AVALA_BASE_URL=$BASE AVALA_API_KEY=$KEY java -jar "$JAR" run "$OUT/job.yml" runDate=2030-01-01 \
		--spring.datasource.url="jdbc:h2:async:$OUT/db;AUTO_SERVER=TRUE;WRITE_DELAY=0" >> "$OUT/runs.log" 2>&1 &
	pid=$!
}
kills=0; exit_code=""
for attempt in $(seq 1 $((KILLS + 10))); do
	start_run
	if [ $kills -lt "$KILLS" ]; then
		# JVM and Spring start-up take ~4 s of the delay; kills land anywhere from start-up to the export.
		delay=$(python3 -c "import random; print(round(random.uniform(2.0, $MAXDELAY), 2))")
		sleep "$delay"
		if kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid"; wait "$pid" 2>/dev/null || true; kills=$((kills + 1))
			echo "kill $kills after ${delay}s"
			continue
		fi
	fi
	set +e; wait "$pid"; exit_code=$?; set -e
	echo "run $attempt exited $exit_code"
	[ "$exit_code" = 0 ] && break
done
curl -s "${BASE%/api/v1}/__sandbox/state" > "$OUT/state.json"
python3 - "$OUT/state.json" "$OUT/data/manifest.csv" "$OUT/data" "$kills" <<'PY'
import json, sys, hashlib, csv, os
state = json.load(open(sys.argv[1])); folder = sys.argv[3]
stats = state["stats"]
datasets = state["datasets"]
files = next(iter(datasets.values()))["files"] if datasets else {}
wrong = twice = 0
for row in csv.DictReader(open(sys.argv[2])):
    stored = files.get(row["path"])
    md5 = hashlib.md5(open(os.path.join(folder, row["path"]), "rb").read()).hexdigest()
    if stored is None or stored["md5"] != md5:
        wrong += 1
    elif stored["put_count"] > 1:
        twice += stored["put_count"] - 1
print(f"kills: {sys.argv[4]}; datasets {stats['datasets']}, projects {stats['projects']}, approvals {stats['approvals']}, "
      f"exports {stats['exports']}; files missing or wrong: {wrong}; extra uploads: {twice} "
      f"(bound: 16 in flight x {sys.argv[4]} kills = {16 * int(sys.argv[4])})")
PY
