#!/usr/bin/env python3
"""Helpers for bench/run.sh (python3 standard library only).

  gen <dir> <count> <size> [--nested]   make <count> random files of <size> bytes + manifest.csv (path,size)
  presign <base-url> <manifest> <name> <out.tsv> [limit]
                                        POST /datasets/manual-upload/ (API key from AVALA_API_KEY), write url<TAB>file
  measure <out.json> [--watch PID] [--log FILE] -- cmd...
                                        run cmd; wall time, rusage of the child (CPU, peak RSS = ru_maxrss),
                                        and a 100 ms time series of its CPU/RSS (and of --watch PID) to <out.json>.csv
  cpu <pid>                             utime+stime of a process, in seconds
  tool-result <measure.json> <status.txt> <run.log> <scenario> <files> <bytes> <sandbox-cpu-whole>
                                        one JSON result line for the tool (upload window from the log + status)
  ref-result <measure.json> <scenario> <client> <files> <bytes> <sandbox-cpu> [scale]
  report <results.jsonl>                the table
"""
import csv
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)
    except (OSError, IndexError, ValueError):
        return None


def status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def gen(args):
    folder, count, size = args[0], int(args[1]), int(args[2])
    nested = "--nested" in args
    done = os.path.join(folder, ".complete")
    if os.path.exists(done):
        print(f"data set {folder}: reusing ({count} x {size} B)")
        return
    os.makedirs(folder, exist_ok=True)
    block = os.urandom(1 << 20)
    start = time.time()
    with open(os.path.join(folder, "manifest.csv"), "w") as manifest:
        manifest.write("path,size\n")
        for i in range(count):
            if nested:
                rel = f"d{i // 1000:03d}/f{i % 1000:03d}.bin"
            else:
                rel = f"d{i // 1000:03d}/f{i:07d}.bin"
            path = os.path.join(folder, rel)
            if i % 1000 == 0:
                os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                if size <= 64:
                    f.write(i.to_bytes(8, "big") * (size // 8) + b"x" * (size % 8))
                else:
                    remaining, first = size, True
                    while remaining > 0:
                        # a fresh random head per file, so no two files share an MD5
                        part = os.urandom(min(remaining, 4096)) if first else block[: min(remaining, len(block))]
                        f.write(part)
                        remaining -= len(part)
                        first = False
            manifest.write(f"{rel},{size}\n")
    open(done, "w").close()
    print(f"data set {folder}: generated {count} x {size} B in {time.time() - start:.0f} s")


def md5_manifest(args):
    """Writes manifest-md5.csv next to manifest.csv: the same entries with an md5 column (computed once)."""
    folder = args[0]
    out = os.path.join(folder, "manifest-md5.csv")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(os.path.join(folder, "manifest.csv")):
        return
    tmp = out + ".tmp"
    with open(os.path.join(folder, "manifest.csv")) as f, open(tmp, "w") as w:
        w.write("path,size,md5\n")
        for row in csv.DictReader(f):
            digest = hashlib.md5()
            with open(os.path.join(folder, row["path"]), "rb") as data:
                for chunk in iter(lambda: data.read(1 << 20), b""):
                    digest.update(chunk)
            w.write(f"{row['path']},{row['size']},{digest.hexdigest()}\n")
    os.replace(tmp, out)


def presign(args):
    base, manifest, name, out = args[0], args[1], args[2], args[3]
    limit = int(args[4]) if len(args) > 4 else None
    folder = os.path.dirname(os.path.abspath(manifest))
    files = []
    with open(manifest) as f:
        for row in csv.DictReader(f):
            files.append((row["path"], int(row["size"])))
            if limit and len(files) >= limit:
                break
    body = json.dumps({"name": name, "data_type": "images",
                       "files": [{"name": p, "size": s} for p, s in files]}).encode()
    req = urllib.request.Request(base.rstrip("/") + "/datasets/manual-upload/", data=body, method="POST",
                                 headers={"Content-Type": "application/json",
                                          "X-Avala-Api-Key": os.environ["AVALA_API_KEY"]})
    with urllib.request.urlopen(req, timeout=600) as r:
        answer = json.load(r)
    urls = {f["name"]: f["upload_url"] for f in answer["files"]}
    with open(out, "w") as f:
        for p, _ in files:
            f.write(f"{urls[p]}\t{os.path.join(folder, p)}\n")


def measure(args):
    out = args[0]
    watch, log = None, None
    i = 1
    while args[i] != "--":
        if args[i] == "--watch":
            watch = int(args[i + 1])
        elif args[i] == "--log":
            log = args[i + 1]
        i += 2
    cmd = args[i + 1:]
    logf = open(log, "w") if log else subprocess.DEVNULL
    start = time.time()
    child = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT)
    samples = []
    hwm = 0
    while True:
        pid, status, ru = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        c = cpu_seconds(child.pid)
        h = status_kb(child.pid, "VmHWM") or 0
        hwm = max(hwm, h)
        samples.append((time.time(), c, status_kb(child.pid, "VmRSS"), cpu_seconds(watch) if watch else None))
        time.sleep(0.1)
    wall = time.time() - start
    with open(out + ".csv", "w") as f:
        f.write("epoch,cpu_s,rss_kb,watched_cpu_s\n")
        for s in samples:
            f.write(",".join("" if v is None else str(v) for v in s) + "\n")
    result = {"cmd": " ".join(cmd)[:300], "rc": os.waitstatus_to_exitcode(status), "start": start, "wall": wall,
              "cpu": ru.ru_utime + ru.ru_stime, "user": ru.ru_utime, "sys": ru.ru_stime,
              "maxrss_kb": ru.ru_maxrss, "vmhwm_kb": hwm}
    with open(out, "w") as f:
        json.dump(result, f)
    sys.exit(result["rc"])


def interpolate(samples, t, col):
    """Value of column col at epoch t (linear between the 100 ms samples)."""
    prev = None
    for s in samples:
        if s[col] is None:
            continue
        if s[0] >= t:
            if prev is None:
                return s[col]
            f = (t - prev[0]) / (s[0] - prev[0]) if s[0] > prev[0] else 1
            return prev[col] + f * (s[col] - prev[col])
        prev = s
    return prev[col] if prev else None


def load_samples(path):
    rows = []
    with open(path) as f:
        next(f)
        for line in f:
            v = line.strip().split(",")
            rows.append(tuple(float(x) if x else None for x in v))
    return rows


def tool_result(args):
    mjson, status_txt, run_log, scenario, files, size, sandbox_whole = args[:7]
    client = args[7] if len(args) > 7 else "tool"
    m = json.load(open(mjson))
    status = open(status_txt).read()
    took = re.search(r"uploadFiles\s+(\S+)\s.*?took ([0-9.]+) s", status)
    log = open(run_log).read()
    # uploadFiles starts right after createDataset logs "declared with its files"
    start_line = re.search(r"^(\d\d:\d\d:\d\d\.\d\d\d) INFO\s+CreateDatasetTasklet.*declared", log, re.M)
    r = {"scenario": scenario, "client": client, "files": int(files), "bytes": int(size), "rc": m["rc"],
         "step_status": took.group(1) if took else None,
         "wall": float(took.group(2)) if took else None, "peak_rss_mb": m["maxrss_kb"] / 1024,
         "jvm_cpu_total": m["cpu"], "jvm_wall_total": m["wall"], "sandbox_cpu_whole": float(sandbox_whole)}
    samples = load_samples(mjson + ".csv")
    if took and start_line and samples:
        day = datetime.datetime.fromtimestamp(m["start"]).date()
        t0 = datetime.datetime.combine(day, datetime.datetime.strptime(start_line.group(1), "%H:%M:%S.%f").time())
        t0 = t0.timestamp()
        t1 = t0 + r["wall"]
        c0, c1 = interpolate(samples, t0, 1), interpolate(samples, t1, 1)
        s0, s1 = interpolate(samples, t0, 3), interpolate(samples, t1, 3)
        r["cpu"] = (c1 - c0) if c0 is not None and c1 is not None else None
        r["sandbox_cpu"] = (s1 - s0) if s0 is not None and s1 is not None else None
    else:
        r["cpu"], r["sandbox_cpu"] = m["cpu"], float(sandbox_whole)
    print(json.dumps(r))


def ref_result(args):
    mjson, scenario, client, files, size, sandbox = args[:6]
    scale = float(args[6]) if len(args) > 6 else 1.0
    m = json.load(open(mjson))
    print(json.dumps({"scenario": scenario, "client": client, "files": int(files), "bytes": int(size),
                      "rc": m["rc"], "wall": m["wall"] * scale, "cpu": m["cpu"] * scale,
                      "sandbox_cpu": float(sandbox) * scale, "peak_rss_mb": None, "scale": scale}))


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def report(args):
    rows = [json.loads(l) for l in open(args[0]) if l.strip()]
    head = ["scenario", "client", "files", "MB", "wall s", "files/s", "MB/s", "peak RSS MB", "CPU s (client)",
            "sandbox CPU s"]
    table = []
    for r in rows:
        mb = r["bytes"] / 1e6
        w = r.get("wall")
        ok = r.get("rc") == 0 and r.get("step_status", "COMPLETED") == "COMPLETED"
        label = r["client"] + ("" if ok else " (FAILED rc=%s %s)" % (r.get("rc"), r.get("step_status") or ""))
        fmt = lambda v, p=1: "-" if v is None else f"{v:.{p}f}"
        table.append([r["scenario"], label, str(r["files"]), fmt(mb, 0), fmt(w, 2),
                      fmt(r["files"] / w if w else None, 0), fmt(mb / w if w else None, 1),
                      fmt(r.get("peak_rss_mb"), 0), fmt(r.get("cpu"), 1), fmt(r.get("sandbox_cpu"), 1)])
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(cells)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for t in table:
        print(line(t))
    print()
    ok = lambda r: r.get("rc") == 0 and r.get("step_status", "COMPLETED") == "COMPLETED" and r.get("wall")
    groups = {}
    for r in rows:
        if ok(r):
            groups.setdefault((r["scenario"], r["client"]), []).append(r)
    if any(len(g) > 1 for g in groups.values()):
        # several runs of each: the median run, and the spread, are what to compare (this machine varies +-30 %)
        print("medians over repeated runs:")
        mhead = ["scenario", "client", "runs", "median wall s", "min-max wall s", "files/s", "MB/s", "CPU s (client)",
                 "sandbox CPU s"]
        mtable = []
        for (scenario, client), g in sorted(groups.items()):
            walls = sorted(r["wall"] for r in g)
            med = median(walls)
            mb = g[0]["bytes"] / 1e6
            cpu = [r["cpu"] for r in g if r.get("cpu") is not None]
            scpu = [r["sandbox_cpu"] for r in g if r.get("sandbox_cpu") is not None]
            mtable.append([scenario, client, str(len(g)), f"{med:.2f}", f"{walls[0]:.2f}-{walls[-1]:.2f}",
                           f"{g[0]['files'] / med:.0f}", f"{mb / med:.1f}",
                           f"{median(cpu):.1f}" if cpu else "-", f"{median(scpu):.1f}" if scpu else "-"])
        mwidths = [max(len(h), *(len(t[i]) for t in mtable)) for i, h in enumerate(mhead)]
        mline = lambda cells: "| " + " | ".join(c.ljust(mwidths[i]) for i, c in enumerate(cells)) + " |"
        print(mline(mhead))
        print("|" + "|".join("-" * (w + 2) for w in mwidths) + "|")
        for t in mtable:
            print(mline(t))
        print()
    for scenario in sorted({r["scenario"] for r in rows}):
        wall = {client: median([r["wall"] for r in g]) for (sc, client), g in groups.items() if sc == scenario}
        for tool in sorted(c for c in wall if c.startswith("tool")):
            parts = []
            for key, name in (("parallel-curl", "parallel-curl"), ("sequential-curl", "sequential")):
                if key in wall:
                    # ratio of throughputs: >1 means the tool is faster
                    parts.append(f"{tool}/{name} = {wall[key] / wall[tool]:.2f}x throughput")
            last = [r for r in groups[(scenario, tool)]][-1]
            extra = (f"  [last {tool} JVM whole run: {last['jvm_wall_total']:.1f} s wall, {last['jvm_cpu_total']:.1f} s "
                     f"CPU; sandbox CPU over whole run {last['sandbox_cpu_whole']:.1f} s]")
            print(f"{scenario}: " + (", ".join(parts) if parts else tool) + extra)
    for r in rows:
        if r.get("scale", 1) != 1:
            print(f"note: {r['scenario']}/{r['client']} timed on a subset and scaled x{r['scale']:g}")


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    {"gen": gen, "presign": presign, "measure": measure, "tool-result": tool_result, "ref-result": ref_result,
     "report": report, "md5-manifest": md5_manifest, "cpu": lambda a: print(f"{cpu_seconds(int(a[0])):.2f}")}[command](rest)
