#!/usr/bin/env bash
# Upload benchmark (issue 6): the tool's uploadFiles step against parallel and sequential curl, all against
# a standalone sandbox on loopback (storage discard, no rate limit).
#
#   bench/run.sh [--quick] [--scenario a|b|c|a,b] [--million] [--no-ref] [--no-seq] [--repeat N] [--no-manifest-md5]
#
# --repeat N: run the tool and parallel curl N times each, alternately (the sequential loop once), and print the
# median of each with its spread; this machine's runs vary by +-30 %, so one sample decides nothing.
# The tool also runs on the same files with an md5 column in the manifest ("tool+md5": the upload sends the
# declared MD5 and reads each file once instead of hashing it first); --no-manifest-md5 leaves that run out.
#
# Scenarios: a = 20,000 x 16 KB, b = 2,000 x 512 KB, c = 8 x 256 MB (--quick: 2,000 / 200 / 2 x 64 MB);
# --million: 1,000,000 x 16 B in 1000 x 1000 folders, tool only (alone it runs just that; add --scenario to
# run others too).
# URL lifetime: at --clock-speed 100000 the default 24 h (simulated) is 0.86 s of real time, so presigned URLs
# expire before use; the sandbox gets --url-lifetime 36500d (8.8 h real; env URL_LIFETIME).
# Env: UPLOAD_CONCURRENCY (tool, default 16), UPLOAD_MAX_CONCURRENCY (the adaptive limit's ceiling; default:
#      the tool's, 4 x concurrency up to 64), CURL_PARALLEL (xargs -P, default 16), TOOL_XMX (default 512m),
#      JFR=1 (flight recording of each tool run into bench/out), TOOL_JAVA_OPTS (extra JVM options),
#      SEQ_SUBSET (files timed by the sequential loop before extrapolating, default 2000),
#      TOOL_TIMEOUT (seconds per tool run, default 3600), TOOL_JAR (another build of the tool to measure;
#      the sandbox always runs from target/).
# Output: bench/out/results-<time>.jsonl and the table on stdout (also bench/out/results-<time>.txt).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
OUT="$BENCH/out"
JAR="$ROOT/target/avala-pipeline.jar"
TOOL_JAR=${TOOL_JAR:-$JAR}
PY="python3 $BENCH/bench.py"
CONC=${UPLOAD_CONCURRENCY:-16}
PAR=${CURL_PARALLEL:-16}
XMX=${TOOL_XMX:-512m}
SEQ_SUBSET=${SEQ_SUBSET:-2000}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-3600}

quick=0; million=0; ref=1; seq=1; scenarios=""; repeat=1; md5=1
while [ $# -gt 0 ]; do
	case "$1" in
		--quick) quick=1 ;;
		--million) million=1 ;;
		--no-ref) ref=0 ;;
		--no-seq) seq=0 ;;
		--repeat) repeat="$2"; shift ;;
		--repeat=*) repeat="${1#*=}" ;;
		--no-manifest-md5) md5=0 ;;
		--scenario) scenarios="${scenarios:+$scenarios,}$2"; shift ;;
		--scenario=*) scenarios="${scenarios:+$scenarios,}${1#*=}" ;;
		-h|--help) sed -n '2,21p' "$0"; exit 0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$scenarios" ]; then
	if [ $million = 1 ]; then scenarios=""; else scenarios="a,b,c"; fi
fi
mkdir -p "$OUT"
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$OUT/results-$STAMP.jsonl"
: > "$RESULTS"

# ---- 1. the jar, the sandbox -------------------------------------------------------------------------
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]; then
	echo "building $JAR"
	(cd "$ROOT" && mvn -B -q package -DskipTests)
fi

SANDBOX_PID=""
cleanup() {
	if [ -n "$SANDBOX_PID" ] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
		kill "$SANDBOX_PID" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$SANDBOX_PID" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$SANDBOX_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java -jar "$JAR" sandbox --port 0 --rate-limit 0 --clock-speed 100000 --storage discard \
	--url-lifetime "${URL_LIFETIME:-36500d}" \
	> "$OUT/sandbox-$STAMP.log" 2>&1 &
SANDBOX_PID=$!
READY=""
for _ in $(seq 1 120); do
	READY=$(grep -m1 '^Avala sandbox ready:' "$OUT/sandbox-$STAMP.log" || true)
	[ -n "$READY" ] && break
	kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$OUT/sandbox-$STAMP.log"; exit 1; }
	sleep 0.5
done
[ -n "$READY" ] || { echo "sandbox not ready after 60 s" >&2; exit 1; }
BASE_URL=$(sed -E 's/.*base-url=([^ ]+).*/\1/' <<<"$READY")
export AVALA_API_KEY=$(sed -E 's/.*api-key=([^ ]+).*/\1/' <<<"$READY")
TEMPLATE=$(sed -E 's/.*template=([^ ]+).*/\1/' <<<"$READY")
case "$BASE_URL" in http://127.0.0.1:*|http://localhost:*) ;; *) echo "not loopback: $BASE_URL" >&2; exit 1 ;; esac
echo "sandbox pid $SANDBOX_PID at $BASE_URL"
sandbox_cpu() {
	if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
		local rc=0; wait "$SANDBOX_PID" || rc=$?
		echo "the sandbox (pid $SANDBOX_PID) died with exit status $rc; see $OUT/sandbox-$STAMP.log" >&2
		exit 1
	fi
	$PY cpu "$SANDBOX_PID"
}

# ---- 2. data sets ---------------------------------------------------------------------------------------
declare -A COUNT SIZE
if [ $quick = 1 ]; then
	COUNT=([a]=2000 [b]=200 [c]=2); SIZE=([a]=16384 [b]=524288 [c]=67108864); SUFFIX=-quick
else
	COUNT=([a]=20000 [b]=2000 [c]=8); SIZE=([a]=16384 [b]=524288 [c]=268435456); SUFFIX=""
fi
COUNT[m]=1000000; SIZE[m]=16
dataset_dir() { if [ "$1" = m ]; then echo "$OUT/data/million"; else echo "$OUT/data/$1$SUFFIX"; fi; }

# Every client starts with the data set in the page cache, so that no client pays for the disk and the
# order of the runs does not matter (the first run of a fresh data set would otherwise read it from disk).
warm_cache() { # dir
	[ "$1" = "$OUT/data/million" ] && return 0
	find "$1" -type f -print0 | xargs -0 -r cat > /dev/null
}

# ---- 3. the tool ----------------------------------------------------------------------------------------
next_n() { local f="$OUT/counter" n; n=$(( $(cat "$f" 2>/dev/null || echo 0) + 1 )); echo $n > "$f"; echo $n; }

run_tool() { # scenario [md5]
	local s=$1 variant=${2:-} dir n job db date jfr="" status manifest=manifest.csv client=tool
	dir=$(dataset_dir "$s"); n=$(next_n)
	if [ "$variant" = md5 ]; then manifest=manifest-md5.csv; client=tool+md5; fi
	job="$OUT/jobs/bench-$s-$n.yml"; db="$OUT/db-$n"
	date=$(date -u -d "2040-01-01 + $n days" +%Y-%m-%d)
	mkdir -p "$OUT/jobs" "$OUT/exports" "$OUT/locks-$n"
	local maxline=""
	[ -n "${UPLOAD_MAX_CONCURRENCY:-}" ] && maxline="  maxConcurrency: $UPLOAD_MAX_CONCURRENCY"
	cat > "$job" <<-EOF
		name: bench-$s
		manifest: $dir/$manifest
		dataType: images
		templateProjectUid: $TEMPLATE
		export:
		  format: coco
		  directory: $OUT/exports
		poll:
		  interval: 100ms
		  maxInterval: 500ms
		  timeout: 60m
		upload:
		  concurrency: $CONC
		  flow: manifest
		$maxline
	EOF
	[ "${JFR:-0}" = 1 ] && jfr="-XX:StartFlightRecording=filename=$OUT/tool-$s-$n.jfr,settings=profile"
	warm_cache "$dir"
	echo "[$s] $client run $n (concurrency $CONC, -Xmx$XMX) ..."
	local s0 s1
	s0=$(sandbox_cpu)
	set +e
	timeout "$TOOL_TIMEOUT" $PY measure "$OUT/tool-$s-$n.json" --watch "$SANDBOX_PID" --log "$OUT/tool-$s-$n.log" -- \
		java -Xmx$XMX $jfr ${TOOL_JAVA_OPTS:-} -jar "$TOOL_JAR" run "$job" runDate=$date --avala.base-url="$BASE_URL" \
		--spring.datasource.url="jdbc:h2:async:$db;AUTO_SERVER=TRUE;WRITE_DELAY=0"
	echo "[$s] tool exit $?"
	set -e
	s1=$(sandbox_cpu)
	java -jar "$JAR" status --spring.datasource.url="jdbc:h2:async:$db;AUTO_SERVER=TRUE;WRITE_DELAY=0" > "$OUT/status-$s-$n.txt" 2>&1 || true
	grep -E 'uploadFiles|execution' "$OUT/status-$s-$n.txt" | sed "s/^/[$s]   /" || true
	$PY tool-result "$OUT/tool-$s-$n.json" "$OUT/status-$s-$n.txt" "$OUT/tool-$s-$n.log" "$s" \
		"${COUNT[$s]}" $(( ${COUNT[$s]} * ${SIZE[$s]} )) "$(python3 -c "print($s1-$s0)")" "$client" >> "$RESULTS"
}

# ---- 4. the reference clients ---------------------------------------------------------------------------
run_ref() { # scenario client(parallel|sequential)
	local s=$1 client=$2 dir n list limit="" files scale=1 s0 s1 rc
	dir=$(dataset_dir "$s"); n=$(next_n); files=${COUNT[$s]}
	if [ "$client" = sequential ] && [ "$files" -gt "$SEQ_SUBSET" ]; then
		limit=$SEQ_SUBSET; scale=$(python3 -c "print($files/$SEQ_SUBSET)"); files=$SEQ_SUBSET
	fi
	list="$OUT/urls-$s-$client-$n.tsv"
	$PY presign "$BASE_URL" "$dir/manifest.csv" "ref-$s-$client-$n" "$list" $limit
	warm_cache "$dir"
	echo "[$s] $client curl: $files files${limit:+ (subset, result scaled x$scale)} ..."
	s0=$(sandbox_cpu)
	set +e
	if [ "$client" = parallel ]; then
		awk -F'\t' '{print $2; print $1}' "$list" > "$list.args"
		$PY measure "$OUT/ref-$s-$client-$n.json" --watch "$SANDBOX_PID" -- \
			xargs -d '\n' -P "$PAR" -n 2 curl -s -f -o /dev/null -T < "$list.args"
	else
		$PY measure "$OUT/ref-$s-$client-$n.json" --watch "$SANDBOX_PID" -- bash -c '
			while IFS=$'"'"'\t'"'"' read -r url file; do curl -s -f -o /dev/null -T "$file" "$url" || exit 1; done' \
			< "$list"
	fi
	rc=$?
	set -e
	s1=$(sandbox_cpu)
	echo "[$s] $client curl exit $rc"
	$PY ref-result "$OUT/ref-$s-$client-$n.json" "$s" "$client-curl" "$files" $(( files * ${SIZE[$s]} )) \
		"$(python3 -c "print($s1-$s0)")" "$scale" \
		| python3 -c "import json,sys; r=json.load(sys.stdin); r['files']=${COUNT[$s]}; r['bytes']=${COUNT[$s]}*${SIZE[$s]}; print(json.dumps(r))" \
		>> "$RESULTS"
}

for s in ${scenarios//,/ }; do
	case "$s" in a|b|c) ;; *) echo "unknown scenario $s" >&2; exit 2 ;; esac
	$PY gen "$(dataset_dir "$s")" "${COUNT[$s]}" "${SIZE[$s]}"
	[ $md5 = 1 ] && $PY md5-manifest "$(dataset_dir "$s")"
	for r in $(seq 1 "$repeat"); do
		run_tool "$s"
		[ $md5 = 1 ] && run_tool "$s" md5
		[ $ref = 1 ] && run_ref "$s" parallel
	done
	if [ $ref = 1 ] && [ $seq = 1 ]; then run_ref "$s" sequential; fi
done
if [ $million = 1 ]; then
	$PY gen "$(dataset_dir m)" "${COUNT[m]}" "${SIZE[m]}" --nested
	run_tool m
fi

# ---- 5. the table ---------------------------------------------------------------------------------------
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM; data in page cache (warm); sandbox: storage discard, rate limit off"
echo "tool: upload.concurrency=$CONC, -Xmx$XMX, wall = uploadFiles step (status, 0.1 s resolution), CPU = tool JVM CPU over that window"
echo "curl: xargs -P $PAR curl -T (one process per file, no Content-MD5); sequential = bash loop of curl -T"
$PY report "$RESULTS" | tee "$OUT/results-$STAMP.txt"
