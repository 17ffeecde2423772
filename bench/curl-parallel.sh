#!/usr/bin/env bash
# The tool against `curl --parallel` (one process; --parallel-max 16 and 64) and a Python 8-thread pool, on a
# store the project did not write (bench/store/store.js, Node.js standard library), loopback and far
# (--delay-ms 40 per answer). Issue 14. Prints the table itself; see bench/README.md.
#
#   bench/curl-parallel.sh                      # a, b, c; loopback and far; 3 alternated runs each
#   bench/curl-parallel.sh --quick --repeat 1   # 2,000 x 16 KB / 200 x 512 KB / 2 x 64 MB
#   bench/curl-parallel.sh --scenario a --store loopback --clients tool,curl16 --thread-cpu
#   bench/curl-parallel.sh --java-opts="-XX:StartFlightRecording=filename=/tmp/a.jfr,settings=profile"  # profiling only
#
# Needs java 17, node, curl, python3 (and mvn only if the jar is missing or older than src/).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/target/avala-pipeline.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]; then
	echo "building $JAR"
	(cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
exec python3 "$ROOT/bench/vs_curl.py" "$@"
