#!/usr/bin/env python3
"""Summarise CPU samples (optionally only between two times of day) of a JFR recording (bench/run.sh with JFR=1): top self frames, top frames of
ai.avala code (inclusive), and samples per thread group.  Usage: bench/jfr-top.py file.jfr [top [from to]]"""
import collections
import json
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
# optional window: HH:MM:SS.mmm HH:MM:SS.mmm (time of day as in the tool's log, same zone as the JVM)
window = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]
self_frames, avala, threads, packages = (collections.Counter() for _ in range(4))


def name(frame):
    m = frame["method"]
    return m["type"]["name"] + "." + m["name"]


if window:
    events = [e for e in events if window[0] <= e["values"]["startTime"][11:23] <= window[1]]
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    thread = e["values"]["sampledThread"]["javaName"] or "?"
    threads[re.sub(r"[-#]?\d+$", "", thread)] += 1
    if not frames:
        continue
    self_frames[name(frames[0])] += 1
    packages[".".join(name(frames[0]).split(".")[:3])] += 1
    seen = set()
    for f in frames:
        n = name(f)
        if n.startswith("ai.avala") and n not in seen:
            seen.add(n)
            avala[n] += 1
total = len(events)
print(f"{total} CPU samples")
for title, counter in (("threads", threads), ("self frames", self_frames), ("self, by package", packages),
                       ("ai.avala frames (inclusive)", avala)):
    print(f"\n-- {title}")
    for k, v in counter.most_common(top):
        print(f"{100.0 * v / total:5.1f}%  {v:6d}  {k}")
