#!/usr/bin/env python3
"""The tool against `curl --parallel` (one process; 16 and 64 transfers) and a Python 8-thread pool, all
uploading to bench/store/store.js, a store the project did not write (Node.js). See bench/README.md.

The sandbox runs with --storage-url pointing at the store, so the tool's real job (fresh `java -jar`, no JVM
flags) gets presigned URLs into the store. Times come from the store: the upload window is first request in ->
last answer out; "whole" is the client's process start -> last answer out (for the tool: JVM start, the job's
steps before the upload, the upload). Clients run alternately, `--repeat` times; the table shows medians.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out", "vs-curl")
JAR = os.path.join(ROOT, "target", "avala-pipeline.jar")
THREAD_CPU = False
TICK = os.sysconf("SC_CLK_TCK")

FULL = {"a": (20000, 16384), "b": (2000, 524288), "c": (8, 268435456)}
QUICK = {"a": (2000, 16384), "b": (200, 524288), "c": (2, 67108864)}


def log(msg):
    print(msg, flush=True)


def start(cmd, logfile, pattern):
    f = open(logfile, "w")
    p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT)
    for _ in range(600):
        with open(logfile) as r:
            for line in r:
                if line.startswith(pattern):
                    return p, line.strip()
        if p.poll() is not None:
            sys.exit(f"{cmd[0]} died; see {logfile}")
        time.sleep(0.1)
    sys.exit(f"not ready: {logfile}")


def http_json(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=600) as r:
        data = r.read()
        return json.loads(data) if data else None


class Store:
    def __init__(self, delay):
        self.proc, line = start(["node", os.path.join(BENCH, "store", "store.js"), "--port", "0",
                                 "--delay-ms", str(delay)], os.path.join(OUT, f"store-{delay}.log"), "store ready:")
        self.url = line.split()[2]
        self.delay = delay

    def reset(self):
        http_json(self.url + "/_reset", "POST", b"")

    def stats(self):
        return http_json(self.url + "/_stats")

    def cpu(self):
        return proc_cpu(self.proc.pid)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Sandbox:
    def __init__(self, store_url, tag):
        self.proc, line = start(["java", "-jar", JAR, "sandbox", "--port", "0", "--rate-limit", "0",
                                 "--clock-speed", "100000", "--url-lifetime", "36500d", "--storage-url", store_url],
                                os.path.join(OUT, f"sandbox-{tag}.log"), "Avala sandbox ready:")
        fields = dict(kv.split("=", 1) for kv in line.split()[3:] if "=" in kv)
        self.base = fields["base-url"]
        self.key = fields["api-key"]
        self.template = fields["template"]

    def presign(self, files, name):
        body = json.dumps({"name": name, "data_type": "images",
                           "files": [{"name": p, "size": s} for p, s, _ in files]}).encode()
        answer = http_json(self.base.rstrip("/") + "/datasets/manual-upload/", "POST", body,
                           {"Content-Type": "application/json", "X-Avala-Api-Key": self.key})
        urls = {f["name"]: f["upload_url"] for f in answer["files"]}
        return [(urls[p], full, s) for p, s, full in files]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def proc_cpu(pid):
    """utime+stime (s) of a live process and its reaped children."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / TICK
    except (FileNotFoundError, ProcessLookupError):
        return None


THREADS = []  # with --thread-cpu: [(epoch, {tid: (name, cpu s)})] of the last tool run


def thread_snapshot(pid):
    snap = {}
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    raw = f.read()
                fields = raw.rsplit(")", 1)[1].split()
                snap[tid] = (raw[raw.index("(") + 1:raw.rindex(")")], (int(fields[11]) + int(fields[12])) / TICK)
            except (FileNotFoundError, ProcessLookupError, ValueError):
                pass
    except FileNotFoundError:
        pass
    return snap


def thread_groups(a, b):
    """CPU s per thread name (numbers stripped) between epochs a and b, from THREADS."""
    import collections
    import re
    before = next((s for t, s in reversed(THREADS) if t <= a), THREADS[0][1] if THREADS else {})
    # The last sample inside the window: upload and ledger threads end right after it (the step closes them).
    after = next((s for t, s in reversed(THREADS) if t <= b), THREADS[-1][1] if THREADS else {})
    out = collections.Counter()
    for tid, (name, cpu) in after.items():
        out[re.sub(r"[-#]?\d+$", "", name)] += cpu - before.get(tid, (name, 0))[1]
    return out


def run_measured(cmd, logfile, env=None, threads=False):
    """Runs cmd; returns (start epoch, exit epoch, CPU s from rusage, samples [(epoch, cpu)])."""
    samples = []
    THREADS.clear()
    with open(logfile, "w") as f:
        t0 = time.time()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env)
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                c = proc_cpu(p.pid)
                if c is not None:
                    samples.append((time.time(), c))
                if threads:
                    THREADS.append((time.time(), thread_snapshot(p.pid)))
                stop.wait(0.05)
        t = threading.Thread(target=sample, daemon=True)
        t.start()
        _, status, usage = os.wait4(p.pid, 0)
        t1 = time.time()
        stop.set()
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        log(f"  ! {cmd[0]} exit {p.returncode}; see {logfile}")
    return t0, t1, usage.ru_utime + usage.ru_stime, samples, p.returncode


def cpu_between(samples, a, b):
    """CPU seconds the sampled process used between epochs a and b (linear interpolation, 50 ms samples)."""
    def at(t):
        if not samples:
            return 0.0
        prev = (samples[0][0], 0.0)
        for s in samples:
            if s[0] >= t:
                if s[0] == prev[0]:
                    return s[1]
                return prev[1] + (s[1] - prev[1]) * (t - prev[0]) / (s[0] - prev[0])
            prev = s
        return samples[-1][1]
    return at(b) - at(a)


def dataset(name, count, size):
    folder = os.path.join(BENCH, "out", "data", name)
    manifest = os.path.join(folder, "manifest.csv")
    subprocess.run([sys.executable, os.path.join(BENCH, "bench.py"), "gen", folder, str(count), str(size)],
                   check=True, stdout=subprocess.DEVNULL)
    files = []
    with open(manifest) as f:
        next(f)
        for line in f:
            p, s = line.rstrip("\n").rsplit(",", 1)
            files.append((p, int(s), os.path.join(folder, p)))
    return manifest, files


def warm(files):
    for _, _, full in files:
        with open(full, "rb") as f:
            while f.read(1 << 20):
                pass


def result(client, store, t0, t1, cpu_total, samples, rc, count, nbytes, store_cpu):
    st = store.stats()
    ok = rc == 0 and st["puts"] + st["posts"] == count and st["errors"] == 0
    window = max(1e-9, st["window_s"])
    r = {"client": client, "ok": ok, "puts": st["puts"], "errors": st["errors"], "window_s": window,
         "files_s": count / window, "mb_s": nbytes / 1e6 / window,
         "whole_s": (st["last_out"] / 1000 - t0) if st["last_out"] else None, "exit_s": t1 - t0,
         "cpu_s": cpu_total, "store_cpu_s": store_cpu,
         "cpu_window_s": cpu_between(samples, st["first_in"] / 1000, st["last_out"] / 1000) if samples else None}
    r["cpu_us_per_file"] = (r["cpu_window_s"] or 0) * 1e6 / count
    if not ok:
        log(f"  ! {client}: exit {rc}, store saw {st['puts']} PUTs / {st['posts']} POSTs, {st['errors']} errors")
    log(f"  {client:8s} window {window:7.2f} s  {r['files_s']:8.0f} files/s {r['mb_s']:7.1f} MB/s  whole "
        f"{r['whole_s'] or 0:6.2f} s  CPU {cpu_total:5.1f} s (window {r['cpu_window_s'] or 0:5.2f} s, "
        f"{r['cpu_us_per_file']:.0f} us/file)  store CPU {store_cpu:4.1f} s")
    return r


def run_tool(sandbox, store, scenario, manifest, count, nbytes, n, tool_jar, java_opts):
    job = os.path.join(OUT, "jobs", f"{scenario}-{n}.yml")
    db = os.path.join(OUT, "db", f"{n}")
    os.makedirs(os.path.dirname(job), exist_ok=True)
    with open(job, "w") as f:
        f.write(f"""name: bench-{scenario}
manifest: {manifest}
dataType: images
templateProjectUid: {sandbox.template}
export:
  format: coco
  directory: {OUT}/exports
poll:
  interval: 100ms
  maxInterval: 500ms
  timeout: 60m
upload:
  flow: manifest
""" + (f"  concurrency: {os.environ['UPLOAD_CONCURRENCY']}\n" if os.environ.get("UPLOAD_CONCURRENCY") else "")
  + (f"  maxConcurrency: {os.environ['UPLOAD_MAX_CONCURRENCY']}\n" if os.environ.get("UPLOAD_MAX_CONCURRENCY") else ""))
    run_date = time.strftime("%Y-%m-%d", time.gmtime(2208988800 + n * 86400))
    env = dict(os.environ, AVALA_API_KEY=sandbox.key)
    # The tool's default database URL (application.yml) but a fresh file per run.
    cmd = ["java"] + java_opts + ["-jar", tool_jar, "run", job, f"runDate={run_date}",
                                  f"--avala.base-url={sandbox.base}",
                                  f"--spring.datasource.url=jdbc:h2:async:{db};AUTO_SERVER=TRUE;WRITE_DELAY=0"]
    store.reset()
    s0 = store.cpu()
    out = run_measured(cmd, os.path.join(OUT, f"tool-{scenario}-{n}.log"), env, THREAD_CPU)
    row = result("tool", store, *out, count, nbytes, store.cpu() - s0)
    if THREAD_CPU and THREADS:
        st = store.stats()
        groups = thread_groups(st["first_in"] / 1000, st["last_out"] / 1000)
        row["threads"] = dict(groups.most_common(12))
        log("    threads in window: " + ", ".join(f"{k} {v:.2f}" for k, v in groups.most_common(12)))
    return row


def run_curl(sandbox, store, scenario, files, count, nbytes, n, parallel):
    targets = sandbox.presign(files, f"curl{parallel}-{scenario}-{n}")
    cfg = os.path.join(OUT, f"curl-{scenario}-{n}.cfg")
    with open(cfg, "w") as f:
        for url, full, _ in targets:
            f.write(f'url = "{url}"\nupload-file = "{full}"\noutput = "/dev/null"\n')
    store.reset()
    s0 = store.cpu()
    # -H "Expect:": no 100-continue round trip before each body (curl's fastest setting).
    out = run_measured(["curl", "--parallel", "--parallel-max", str(parallel), "-s", "-S", "-f", "-H", "Expect:",
                        "-K", cfg], os.path.join(OUT, f"curl{parallel}-{scenario}-{n}.log"))
    return result(f"curl{parallel}", store, *out, count, nbytes, store.cpu() - s0)


def run_python(sandbox, store, scenario, files, count, nbytes, n):
    targets = sandbox.presign(files, f"py8-{scenario}-{n}")
    listing = os.path.join(OUT, f"py8-{scenario}-{n}.json")
    with open(listing, "w") as f:
        json.dump(targets, f)
    store.reset()
    s0 = store.cpu()
    out = run_measured([sys.executable, os.path.abspath(__file__), "--py-pool", listing],
                       os.path.join(OUT, f"py8-{scenario}-{n}.log"))
    return result("py8", store, *out, count, nbytes, store.cpu() - s0)


def py_pool_main(listing):
    with open(listing) as f:
        targets = json.load(f)
    # 8 threads, each with its own keep-alive connection.
    local = threading.local()

    def put(t):
        url, full, size = t
        u = urllib.parse.urlsplit(url)
        c = getattr(local, "c", None)
        if c is None:
            c = local.c = http.client.HTTPConnection(u.netloc, timeout=600)
        with open(full, "rb") as f:
            c.request("PUT", u.path + "?" + u.query, body=f, headers={"Content-Length": str(size)})
        r = c.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{r.status}")
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in pool.map(put, targets):
            pass


def med(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else float("nan")


def spread(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return (min(values), max(values)) if values else (float("nan"), float("nan"))


def table(results, out):
    lines = ["| scenario | store | client | runs ok | files/s (window) | MB/s (window) | window s (min-max) "
             "| whole command s | client CPU s in window (us/file) | store CPU s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    ratios = []
    for (scenario, mode), clients in results.items():
        for client, rows in clients.items():
            lo, hi = spread(rows, "window_s")
            lines.append(f"| {scenario} | {mode} | {client} | {sum(r['ok'] for r in rows)}/{len(rows)} "
                         f"| {med(rows, 'files_s'):,.0f} | {med(rows, 'mb_s'):,.1f} "
                         f"| {med(rows, 'window_s'):.2f} ({lo:.2f}-{hi:.2f}) | {med(rows, 'whole_s'):.2f} "
                         f"| {med(rows, 'cpu_window_s'):.2f} ({med(rows, 'cpu_us_per_file'):,.0f}) "
                         f"| {med(rows, 'store_cpu_s'):.1f} |")
        tool = clients.get("tool")
        if tool:
            parts = []
            for ref in ("curl16", "curl64", "py8"):
                if ref in clients:
                    w = med(tool, "files_s") / med(clients[ref], "files_s")
                    whole = med(clients[ref], "whole_s") / med(tool, "whole_s")
                    parts.append(f"tool/{ref} = {w:.2f}x (window), {whole:.2f}x (whole command)")
            ratios.append(f"{scenario} {mode}: " + "; ".join(parts))
    text = "\n".join(lines + [""] + ratios)
    log("\n" + text)
    with open(out, "w") as f:
        f.write(text + "\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--py-pool":
        py_pool_main(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2,000 x 16 KB / 200 x 512 KB / 2 x 64 MB")
    ap.add_argument("--scenario", default="a,b,c")
    ap.add_argument("--store", default="loopback,far", help="loopback (no delay), far (--delay-ms FAR_MS)")
    ap.add_argument("--far-ms", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clients", default="tool,curl16,curl64,py8")
    ap.add_argument("--tool-jar", default=os.environ.get("TOOL_JAR", JAR))
    ap.add_argument("--java-opts", default=os.environ.get("TOOL_JAVA_OPTS", ""),
                    help="profiling only (e.g. -XX:StartFlightRecording=...); the goal is met without any")
    ap.add_argument("--thread-cpu", action="store_true", help="the tool's CPU per thread group in the window")
    args = ap.parse_args()
    global THREAD_CPU
    THREAD_CPU = args.thread_cpu
    os.makedirs(OUT, exist_ok=True)
    sizes = QUICK if args.quick else FULL
    clients = args.clients.split(",")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results = {}
    counter = [int(time.time()) % 100000 * 10]
    for mode in args.store.split(","):
        delay = 0 if mode == "loopback" else args.far_ms
        store = Store(delay)
        sandbox = Sandbox(store.url, f"{mode}-{stamp}")
        log(f"[{mode}] store {store.url} (delay {delay} ms), sandbox {sandbox.base}")
        try:
            for scenario in args.scenario.split(","):
                count, size = sizes[scenario]
                name = scenario + ("-quick" if args.quick else "")
                manifest, files = dataset(name, count, size)
                nbytes = count * size
                rows = results.setdefault((scenario, mode), {})
                for r in range(args.repeat):
                    for client in clients:
                        counter[0] += 1
                        n = counter[0]
                        warm(files)
                        log(f"[{mode}] {scenario} run {r + 1}/{args.repeat} {client}")
                        if client == "tool":
                            row = run_tool(sandbox, store, scenario, manifest, count, nbytes, n, args.tool_jar,
                                           args.java_opts.split())
                        elif client.startswith("curl"):
                            row = run_curl(sandbox, store, scenario, files, count, nbytes, n, int(client[4:]))
                        elif client == "py8":
                            row = run_python(sandbox, store, scenario, files, count, nbytes, n)
                        else:
                            sys.exit(f"unknown client {client}")
                        row.update(scenario=scenario, mode=mode, run=r + 1)
                        rows.setdefault(client, []).append(row)
                        with open(os.path.join(OUT, f"results-{stamp}.jsonl"), "a") as f:
                            f.write(json.dumps(row) + "\n")
        finally:
            sandbox.stop()
            store.stop()
    log(f"\nmachine: {os.cpu_count()} cores; data in page cache; store: bench/store/store.js (Node "
        f"{subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}); "
        f"tool: java -jar (no JVM options{' beyond ' + args.java_opts if args.java_opts else ''}), "
        f"window = store's first request in -> last answer out; whole = process start -> last answer out")
    table(results, os.path.join(OUT, f"results-{stamp}.md"))


if __name__ == "__main__":
    main()
