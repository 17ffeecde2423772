#!/usr/bin/env python3
"""Summary of bench/concurrent-runs.sh: per-step times from the job repository's BATCH_STEP_EXECUTION (as printed
by the H2 shell), total throughput, and with a JFR recording the share of CPU samples in database code.
Usage: concurrent-summary.py steps.txt jobs files size mode db t0 t1 [recording.jfr]"""
import collections
import datetime
import json
import subprocess
import sys

steps_file, jobs, files, size, mode, db, t0, t1 = sys.argv[1:9]
jfr = sys.argv[9] if len(sys.argv) > 9 else None
jobs, files, size = int(jobs), int(files), int(size)


def timestamp(text):
    return datetime.datetime.fromisoformat(text.strip()[:26])


rows = []
for line in open(steps_file):
    cols = [c.strip() for c in line.split("|")]
    if len(cols) != 7 or cols[0].upper() == "RUN":
        continue
    rows.append(dict(run=cols[0], step=cols[1], status=cols[2], start=timestamp(cols[3]), end=timestamp(cols[4]),
                     writes=int(cols[5]), commits=int(cols[6])))
if not rows:
    sys.exit(f"no step executions found in {steps_file}")
runs = sorted({r["run"] for r in rows})
not_completed = [r for r in rows if r["status"] != "COMPLETED"]
wall = (max(r["end"] for r in rows) - min(r["start"] for r in rows)).total_seconds()
uploads = [r for r in rows if r["step"] == "uploadFiles"]
upload_wall = (max(r["end"] for r in uploads) - min(r["start"] for r in uploads)).total_seconds()
total = len(runs) * files
print(f"{len(runs)} runs of {jobs}, {len(not_completed)} step execution(s) not COMPLETED; mode {mode}, database {db}")
print(f"wall, first run's start to last run's end: {wall:.1f} s (the script's, with JVM start-up: "
      f"{float(t1) - float(t0):.1f} s)")
print(f"total {total:,} files: {total / wall:,.0f} files/s over that wall; upload window {upload_wall:.1f} s = "
      f"{total / upload_wall:,.0f} files/s, {total * size / upload_wall / 1e6:.1f} MB/s")
per_step = collections.defaultdict(list)
for r in rows:
    per_step[r["step"]].append((r["end"] - r["start"]).total_seconds())
print(f"{'step':18} {'mean s':>8} {'max s':>8}   (per run)")
for step, times in per_step.items():
    print(f"{step:18} {sum(times) / len(times):8.2f} {max(times):8.2f}")

if jfr:
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", jfr],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    marks = ("org.h2.", "org.postgresql.", "com.zaxxer.hikari.", "org.springframework.jdbc.",
             "org.springframework.batch.core.repository.dao.")

    def in_database(event):
        trace = event["values"].get("stackTrace")
        return bool(trace) and any(f["method"]["type"]["name"].startswith(marks) for f in trace["frames"])

    hits = sum(1 for e in events if in_database(e))
    print(f"JFR: {hits} of {len(events)} CPU samples of the tool ({100.0 * hits / max(1, len(events)):.1f} %) "
          f"in database code (JDBC driver, H2 engine, HikariCP, Spring JDBC, Batch DAOs)")
