#!/usr/bin/env python3
"""Timing harness of benches/compare.sh (run that: it builds the binaries and the Python venv first).

Generates the exports (examples/make_export, reused when present and current), warms the page
cache, then times every tool on every data set in ONE run, round by round, the tools' order
rotating each round, and prints a markdown report: a table of MB/s, files/s, peak RSS, the ratios
(all from medians of this one run), output identity checks, start-up on one file, memory flatness
and one big file. Every command runs under examples/bench_run (wall, CPU, peak RSS from wait4).
Standard library only.
"""

import argparse
import datetime
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

MB = 1e6  # decimal megabytes throughout


def parse_list(text):
    text = text.strip().lower()
    if text in ("", "none", "0"):
        return []
    return sorted({int(x) for x in text.split(",") if x.strip()})


def log(msg):
    print(f"[compare] {msg}", file=sys.stderr, flush=True)


def settle(max_s):
    """Waits, at most `max_s` seconds, for the 1-minute load average to fall below a third of the
    cores: the build (and the warming) just before keep it up for a minute, and the first rounds
    would be timed against them. Returns the seconds waited."""
    cores = os.cpu_count() or 1
    start = time.time()
    while os.getloadavg()[0] > cores / 3 and time.time() - start < max_s:
        time.sleep(5)
    return time.time() - start


def die(msg):
    print(f"compare: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


class Runner:
    def __init__(self, bin_dir, work_dir):
        self.bench_run = str(bin_dir / "examples/bench_run")
        self.work_dir = work_dir
        self.report = work_dir / "bench_run.report"
        self.err = work_dir / "bench_run.stderr"

    def run(self, cmd, out_path, env=None):
        """Runs cmd with stdout to out_path; returns (wall_s, cpu_s, max_rss_kb)."""
        with open(out_path, "wb") as out, open(self.err, "wb") as err:
            code = subprocess.call([self.bench_run, str(self.report)] + [str(c) for c in cmd],
                                   stdout=out, stderr=err, env=env)
        if code != 0:
            tail = self.err.read_text(errors="replace")[-2000:]
            die(f"command failed (exit {code}): {' '.join(map(str, cmd))}\n{tail}")
        wall, user, sys_, rss, _ = self.report.read_text().split()
        return float(wall), float(user) + float(sys_), int(rss)

    def run_pair(self, cmd, out_stem):
        """Runs two copies of cmd at once; returns the wall time until both have exited."""
        procs = []
        start = time.perf_counter()
        for k in range(2):
            out = open(f"{out_stem}-{k}.out", "wb")
            procs.append((subprocess.Popen([str(c) for c in cmd], stdout=out,
                                           stderr=subprocess.DEVNULL), out))
        for proc, out in procs:
            code = proc.wait()
            out.close()
            if code != 0:
                die(f"command failed (exit {code}): {' '.join(map(str, cmd))}")
        return time.perf_counter() - start


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def generator_fingerprint(repo):
    h = hashlib.sha256()
    for p in [repo / "examples/make_export.rs"] + sorted((repo / "src/testkit").glob("*.rs")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def dataset(bin_dir, data_dir, fmt, n, hours, fingerprint):
    name = f"{fmt}-{n}" if hours == 1 else f"{fmt}-{n}x{hours}h"
    path = data_dir / name
    marker = data_dir / f"{name}.complete"  # beside the folder: the raw read reads all its files
    want = f"make_export {n} {fmt} --hours {hours} source {fingerprint}\n"
    if marker.exists() and marker.read_text() == want:
        log(f"reusing {path}")
    else:
        if path.exists():
            shutil.rmtree(path)
        marker.unlink(missing_ok=True)
        log(f"generating {path} ({n} {fmt}, {hours} h each)...")
        cmd = [bin_dir / "examples/make_export", path, str(n), fmt, "--hours", str(hours)]
        r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
        if r.returncode != 0:
            die(f"make_export failed: {r.stderr.strip()}")
        marker.write_text(want)
    files = [p for p in path.iterdir() if p.suffix == "." + fmt]
    if len(files) != n:
        die(f"{path} holds {len(files)} .{fmt} files, not {n}: delete it and run again")
    return {"name": name, "path": path, "fmt": fmt, "files": n, "hours": hours,
            "bytes": sum(p.stat().st_size for p in files)}


def warm(runner, bin_dir, sets, tmp):
    for ds in sets:
        for _ in range(2):
            runner.run([bin_dir / "examples/read_all", ds["path"]], tmp / "warm.out")


def tools_for(ds, args, bin_dir, python, use_python):
    """The (tool, threads, argv) to time on this data set."""
    gz = bin_dir / "grayzone"
    tools = []
    for j in args.threads:
        tools.append(("grayzone weekly", j, [gz, "weekly", ds["path"], "-q", "-j", str(j)]))
    if ds["fmt"] == "fit":
        for j in args.threads:
            tools.append(("fitparser peer", j, [bin_dir / "examples/fitparser_weekly", ds["path"], "-j", str(j)]))
    if use_python:
        lib = {"fit": "fitdecode", "gpx": "gpxpy", "tcx": "xml.etree"}[ds["fmt"]]
        tools.append((f"Python {lib}", 1, [python, args.repo / "benches/peer_weekly.py", ds["path"]]))
    for j in args.threads:
        tools.append(("raw read", j, [bin_dir / "examples/read_all", ds["path"], "-j", str(j)]))
    return tools


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", type=Path, required=True)
    ap.add_argument("--command", default="benches/compare.sh", help="how the run was started, for the report")
    ap.add_argument("--bin-dir", type=Path, required=True, help="target/release")
    ap.add_argument("--python", help="the venv's python (none: no Python peers)")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True, help="the markdown report is written here too")
    ap.add_argument("--fit", default="100,1000,5000")
    ap.add_argument("--gpx", default="100,500")
    ap.add_argument("--tcx", default="100,500")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--settle-s", type=int, default=120,
                    help="wait at most this long for the machine to go quiet before the rounds")
    ap.add_argument("--python-rounds", type=int, default=1)
    ap.add_argument("--peer-rounds", type=int, default=3,
                    help="rounds of the fitparser peer (it takes minutes on 5,000 files)")
    ap.add_argument("--python-max-files", type=int, default=100,
                    help="Python peers only on data sets of at most this many files")
    ap.add_argument("--startup-runs", type=int, default=21)
    ap.add_argument("--big-hours", default="24,445",
                    help="one FIT run of each of these lengths, for the memory check (445 h is ~50 MB)")
    args = ap.parse_args()
    args.threads = parse_list(args.threads) or [1]
    if args.rounds < 1:
        die("--rounds must be at least 1")
    bin_dir = args.bin_dir
    for exe in ["grayzone", "examples/fitparser_weekly", "examples/read_all", "examples/bench_run",
                "examples/make_export", "examples/wake_latency"]:
        if not (bin_dir / exe).exists():
            die(f"{bin_dir / exe} is missing: build it first (benches/compare.sh does)")
    work = args.out.parent / "compare-work"
    work.mkdir(parents=True, exist_ok=True)
    runner = Runner(bin_dir, work)
    started = datetime.datetime.now(datetime.timezone.utc)

    # ---------------------------------------------------------------- data
    fp = generator_fingerprint(args.repo)
    sets = []
    for fmt in ("fit", "gpx", "tcx"):
        for n in parse_list(getattr(args, fmt)):
            sets.append(dataset(bin_dir, args.data, fmt, n, 1, fp))
    one = dataset(bin_dir, args.data, "fit", 1, 1, fp)
    bigs = [dataset(bin_dir, args.data, "fit", 1, h, fp) for h in parse_list(args.big_hours)]
    log("warming the page cache (read_all over every data set, twice)...")
    warm(runner, bin_dir, sets + [one] + bigs, work)
    log(f"waiting (at most {args.settle_s} s) for the load average to fall below a third of the cores...")
    settled_s = settle(args.settle_s)
    load_before = os.getloadavg()

    # ---------------------------------------------------------------- main rounds
    py_sets = {}
    if args.python:
        for fmt in ("fit", "gpx", "tcx"):
            small = [ds for ds in sets if ds["fmt"] == fmt and ds["files"] <= args.python_max_files]
            if small:
                py_sets[fmt] = small
    results = {}  # (set name, tool, threads) -> list of (wall, cpu, rss)
    hashes = {}   # (set name, tool) -> {threads: set(hashes)}
    raw_out = {}
    plan = {ds["name"]: tools_for(ds, args, bin_dir, args.python,
                                  ds in py_sets.get(ds["fmt"], [])) for ds in sets}
    for r in range(args.rounds):
        log(f"round {r + 1}/{args.rounds}")
        for ds in sets:
            tools = plan[ds["name"]]
            k = r % len(tools)
            for tool, j, cmd in tools[k:] + tools[:k]:
                if tool.startswith("Python") and r >= args.python_rounds:
                    continue
                if tool == "fitparser peer" and r >= args.peer_rounds:
                    continue
                out = work / f"{ds['name']}-{tool.replace(' ', '_')}-j{j}.out"
                m = runner.run(cmd, out)
                results.setdefault((ds["name"], tool, j), []).append(m)
                if tool == "raw read":
                    raw_out.setdefault(ds["name"], set()).add(out.read_text().split(",")[0])
                else:
                    hashes.setdefault((ds["name"], tool), {}).setdefault(j, set()).add(sha256_file(out))
                    if tool != "grayzone weekly":
                        hashes.setdefault((ds["name"], "peer csv"), {}).setdefault(tool, set()).add(
                            sha256_file(out))

    # ---------------------------------------------------------------- the machine's own parallelism
    # Two single-thread grayzone processes at once, against one alone: what two cores give work that
    # shares nothing. On a VM whose two vCPUs are one physical core's hyperthreads (or share it
    # with neighbours) that is well under 2×, and no thread count can beat it.
    ceiling = []
    fits = [ds for ds in sets if ds["fmt"] == "fit"]
    if fits and len(args.threads) > 1:
        probe = min(fits, key=lambda ds: abs(ds["files"] - 1000))
        log(f"machine ceiling: one vs two concurrent single-thread runs on {probe['name']}")
        cmd = [bin_dir / "grayzone", "weekly", probe["path"], "-q", "-j", "1"]
        for r in range(min(args.rounds, 3)):
            alone = runner.run(cmd, work / "ceiling-alone.out")[0]
            pair = runner.run_pair(cmd, work / "ceiling")
            ceiling.append(2 * alone / pair)

    # How long a new thread, or a woken one, takes to run on the other (idle) core while the
    # asking thread keeps its own busy: on a VM that wakes idle vCPUs at the host's tick, up to a
    # tick. (grayzone's own workers mostly start at once: its main thread blocks.)
    wake = None
    if len(args.threads) > 1:
        log("wake latency: a thread started, and one woken, on an idle core")
        said = subprocess.run([bin_dir / "examples/wake_latency", "30"], capture_output=True,
                              text=True, check=False).stdout.split()
        if len(said) == 8 and said[0] == "spawn" and said[4] == "unpark":
            wake = {"spawn": [float(x) for x in said[1:4]], "unpark": [float(x) for x in said[5:8]]}

    # ---------------------------------------------------------------- start-up on one file
    log(f"start-up: {args.startup_runs} runs on one file")
    startup = {"grayzone weekly": [], "raw read": []}
    for _ in range(args.startup_runs):
        startup["grayzone weekly"].append(
            runner.run([bin_dir / "grayzone", "weekly", one["path"], "-q", "-j", "1"], work / "one.out"))
        startup["raw read"].append(runner.run([bin_dir / "examples/read_all", one["path"], "-j", "1"],
                                              work / "one-raw.out"))
    floor = runner.run(["true"], work / "true.out")[2]

    # ---------------------------------------------------------------- big files
    big_rounds = min(args.rounds, 3)
    big = {}
    for r in range(big_rounds):
        log(f"big files, round {r + 1}/{big_rounds}")
        for ds in bigs:
            cmds = [("grayzone weekly", j, [bin_dir / "grayzone", "weekly", ds["path"], "-q", "-j", str(j)])
                    for j in args.threads]
            if r == 0:
                cmds.append(("fitparser peer", 1, [bin_dir / "examples/fitparser_weekly", ds["path"], "-j", "1"]))
            for tool, j, cmd in cmds:
                big.setdefault((ds["name"], tool, j), []).append(runner.run(cmd, work / "big.out"))

    load_after = os.getloadavg()

    # ---------------------------------------------------------------- report
    def med(ms, i):
        return statistics.median(m[i] for m in ms)

    lines = []
    w = lines.append
    w(f"### Run of {started:%Y-%m-%d %H:%M} UTC")
    w("")
    w("| format | tool | threads | files | MB | runs | median wall s | CPU s | MB/s | MB/s per core "
      "| MB per CPU-s | files/s | peak RSS MiB |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    stats = {}
    for ds in sets:
        for tool, j, _ in plan[ds["name"]]:
            ms = results.get((ds["name"], tool, j))
            if not ms:
                continue
            wall, cpu = med(ms, 0), med(ms, 1)
            rss = max(m[2] for m in ms) / 1024
            mbs = ds["bytes"] / MB / wall
            stats[(ds["name"], tool, j)] = (wall, mbs, rss)
            w(f"| {ds['fmt'].upper()} | {tool} | {j} | {ds['files']} | {ds['bytes'] / MB:.0f} | "
              f"{len(ms)} | {wall:.3f} | {cpu:.3f} | {mbs:.1f} | {mbs / j:.1f} | {ds['bytes'] / MB / cpu:.1f} | "
              f"{ds['files'] / wall:.0f} | {rss:.1f} |")
    w("")
    w("#### Ratios (medians of this run; > 1 means grayzone is faster; 2-thread / 1-thread: the median of each "
      "round's own ratio, the two runs of a round minutes closer than the rounds' medians)")
    w("")
    w("| data set | vs fitparser peer, 1 thread | vs fitparser peer, 2 threads | vs Python (1 thread vs 1 process) "
      "| grayzone 2-thread / 1-thread | fitparser peer 2-thread / 1-thread | grayzone / raw read, 1 thread "
      "| grayzone / raw read, 2 threads |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def s(name, tool, j):
        return stats.get((name, tool, j))

    def ratio(a, b, fmt="{:.1f}×"):
        return fmt.format(a / b) if a and b else "–"

    def paired(name, tool, a, b):
        """The median over the rounds of wall(a threads) / wall(b threads) in the same round: the
        host's speed drifts by more between rounds than between two runs of one round."""
        xs, ys = results.get((name, tool, a), []), results.get((name, tool, b), [])
        per_round = [x[0] / y[0] for x, y in zip(xs, ys) if y[0] > 0]
        return "{:.2f}×".format(statistics.median(per_round)) if per_round else "–"

    j1, j2 = args.threads[0], args.threads[-1]
    for ds in sets:
        n = ds["name"]
        g1, g2 = s(n, "grayzone weekly", j1), s(n, "grayzone weekly", j2)
        f1, f2 = s(n, "fitparser peer", j1), s(n, "fitparser peer", j2)
        r1, r2 = s(n, "raw read", j1), s(n, "raw read", j2)
        py_tool = {"fit": "Python fitdecode", "gpx": "Python gpxpy", "tcx": "Python xml.etree"}[ds["fmt"]]
        py = s(n, py_tool, 1)
        py_note = ""
        if not py and py_sets.get(ds["fmt"]):
            other = py_sets[ds["fmt"]][-1]
            py = s(other["name"], py_tool, 1)
            py_note = f" (Python on ×{other['files']})"
        cells = [
            ratio(f1 and f1[0], g1 and g1[0]),
            ratio(f2 and f2[0], g2 and g2[0]) if j2 != j1 else "–",
            (ratio(g1 and g1[1], py and py[1], "{:.0f}×") + py_note) if py else "–",
            paired(n, "grayzone weekly", j1, j2) if j2 != j1 else "–",
            paired(n, "fitparser peer", j1, j2) if j2 != j1 and f1 else "–",
            ratio(g1 and g1[1] * 100, r1 and r1[1], "{:.0f} %"),
            ratio(g2 and g2[1] * 100, r2 and r2[1], "{:.0f} %") if j2 != j1 else "–",
        ]
        w(f"| {ds['fmt'].upper()} ×{ds['files']} | " + " | ".join(cells) + " |")
    w("")

    w("#### Checks")
    w("")
    for ds in sets:
        n = ds["name"]
        for tool in ("grayzone weekly", "fitparser peer"):
            per_j = hashes.get((n, tool))
            if not per_j:
                continue
            all_h = set().union(*per_j.values())
            runs = sum(len(results[(n, tool, j)]) for j in per_j)
            verdict = "byte-identical" if len(all_h) == 1 else f"DIFFERENT ({len(all_h)} distinct outputs)"
            w(f"- {ds['fmt'].upper()} ×{ds['files']}, {tool}: output {verdict} across "
              f"{runs} runs at {', '.join(f'-j {j}' for j in sorted(per_j))}")
        peers = hashes.get((n, "peer csv"), {})
        if len(peers) > 1:
            same = len(set().union(*peers.values())) == 1
            w(f"- {ds['fmt'].upper()} ×{ds['files']}: {' and '.join(sorted(peers))} print "
              f"{'the same CSV (like-for-like reduction)' if same else 'DIFFERENT CSVs'}")
        seen = raw_out.get(n, set())
        if seen and seen != {f"{ds['files']} files"}:
            w(f"- {ds['fmt'].upper()} ×{ds['files']}: raw read saw {seen}, expected {ds['files']} files")
    w("")

    if ceiling:
        w("#### The machine's own parallelism")
        w("")
        w(f"Two single-thread `grayzone weekly` processes at once, against one alone (median of {len(ceiling)}): "
          f"the pair gets **{statistics.median(ceiling):.2f}×** the throughput of one. That is the ceiling for "
          "any 2-thread / 1-thread ratio on this machine: the two processes share nothing but the cores, "
          "the caches and the memory bus.")
        w("")
    if wake:
        (s_min, s_med, s_max), (u_min, u_med, u_max) = wake["spawn"], wake["unpark"]
        w(f"A thread started while the other core idles first runs there after **{s_med:.2f} ms** "
          f"(median of 30; {s_min:.2f}–{s_max:.2f}); a parked thread woken there, after {u_med:.3f} ms "
          f"({u_min:.3f}–{u_max:.3f}) (`examples/wake_latency`). The first is a new thread's wait "
          "while the thread that made it keeps its core busy; `grayzone`'s main thread blocks as "
          "soon as the pool exists, and `perf sched` shows its two workers starting on both cores "
          "at once in most runs (BENCHMARKS.md, the fifteenth session). What a run of a few tens "
          "of ms (the ×100 inputs) cannot split between threads is the process's own start: "
          "`grayzone weekly` on an empty folder, about 1.7 ms here (2.5 ms before its time zones left chrono-tz, BENCHMARKS.md).")
        w("")

    gz1 = startup["grayzone weekly"]
    rw1 = startup["raw read"]
    w("#### Start-up")
    w("")
    w(f"`grayzone weekly` on one one-hour FIT ({one['bytes'] / MB:.2f} MB), {len(gz1)} runs "
      f"alternating with a raw read of it: median {med(gz1, 0) * 1000:.1f} ms (fastest "
      f"{min(m[0] for m in gz1) * 1000:.1f} ms; raw read median {med(rw1, 0) * 1000:.1f} ms), peak RSS "
      f"{max(m[2] for m in gz1) / 1024:.1f} MiB. Target < 20 ms: "
      f"{'met' if med(gz1, 0) < 0.020 else 'NOT met'}.")
    w("")
    w("#### Memory")
    w("")
    w("Peak RSS of `grayzone weekly`, MiB (target < 64 MB and flat from the smallest to the largest export):")
    w("")
    for fmt in ("fit", "gpx", "tcx"):
        fs = [ds for ds in sets if ds["fmt"] == fmt]
        if len(fs) < 1:
            continue
        for j in args.threads:
            vals = [(ds["files"], s(ds["name"], "grayzone weekly", j)) for ds in fs]
            txt = ", ".join(f"×{n}: {v[2]:.1f}" for n, v in vals if v)
            worst = max(v[2] for _, v in vals if v)
            sizes = [v[2] for _, v in vals if v]
            growth = sizes[-1] / sizes[0]
            flat = "" if len(sizes) < 2 else (
                f"; ×{growth:.2f} from the smallest to the largest: " + ("flat" if growth < 1.25 else "NOT flat"))
            w(f"- {fmt.upper()} -j {j}: {txt} ({'under' if worst * 1.048576 < 64 else 'OVER'} 64 MB{flat})")
    w("")
    if bigs:
        w("#### One big FIT")
        w("")
        w("Peak RSS against the file's size (target < 3× for the ~50 MB file; a real 24-hour run "
          "at 1 s is ~2.7 MB, where the process's own few MB dominate):")
        w("")
        w("| file | tool | threads | MB | runs | median wall s | MB/s | peak RSS MiB | RSS / size |")
        w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for ds in bigs:
            for (name, tool, j), ms in big.items():
                if name != ds["name"]:
                    continue
                wall = med(ms, 0)
                rss = max(m[2] for m in ms) / 1024
                size = ds["bytes"] / MB
                w(f"| {ds['hours']} h run, 1 s records | {tool} | {j} | {size:.1f} | {len(ms)} | {wall:.3f} | "
                  f"{size / wall:.1f} | {rss:.1f} | {rss * 1024 * 1024 / ds['bytes']:.1f}× |")
        w("")

    # ---------------------------------------------------------------- what was done, and the machine
    w("#### What was done")
    w("")
    w(f"- {args.rounds} round{'s' if args.rounds != 1 else ''}; in each, every data set, and on each the tools one after another, the "
      "order rotated by one each round; the figure is the median over the rounds, peak RSS the maximum.")
    if py_sets:
        w(f"- Python peers (one process, files one after another, as a notebook runs): "
          f"{args.python_rounds} round{'s' if args.python_rounds != 1 else ''}, only on data sets of at most {args.python_max_files} files "
          f"({', '.join(ds['fmt'].upper() + ' ×' + str(ds['files']) for v in py_sets.values() for ds in v)}); "
          "a larger set would take minutes to hours at their speed.")
    else:
        w("- Python peers: not run.")
    w(f"- Page cache warm (each data set read twice first). MB = 10^6 bytes, MiB = 2^20. CPU s = user + system. "
      f"Peak RSS from wait4 per command, through examples/bench_run (floor of the method: {floor / 1024:.1f} MiB, "
      "measured on `true`).")
    peer_rounds = min(args.peer_rounds, args.rounds)
    if any(ds["fmt"] == "fit" for ds in sets):
        w(f"- Fitparser peer: {peer_rounds} round{'s' if peer_rounds != 1 else ''}"
          + (" (not run)." if peer_rounds == 0 else "."))
    cores = os.cpu_count() or 1
    # After the rounds, the load is mostly this benchmark's own (two threads at a time): only the
    # load before them tells of other work.
    busy = load_before[0] > 0.5 * cores
    w(f"- Load average (1 min) before / after the rounds: {load_before[0]:.2f} / {load_after[0]:.2f} on "
      f"{cores} cores (after: mostly this benchmark's own runs), before them after waiting "
      f"{settled_s:.0f} s (at most {args.settle_s}) for the build to wear off"
      + (": the machine was BUSY with other work, so wall times, MB/s and above all the 2-thread scaling are "
         "unreliable; CPU s and MB per CPU-s are the steadier figures." if busy else "."))
    w("")
    w("#### Machine")
    w("")
    for line in machine_info(args, started):
        w(f"- {line}")
    report = "\n".join(lines) + "\n"
    args.out.write_text(report)
    sys.stdout.write(report)
    log(f"report written to {args.out}")


def sh(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def machine_info(args, started):
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    lock = (args.repo / "Cargo.lock").read_text()
    fitparser = "?"
    marker = 'name = "fitparser"\nversion = "'
    if marker in lock:
        fitparser = lock.split(marker, 1)[1].split('"', 1)[0]
    commit = sh(["git", "-C", str(args.repo), "rev-parse", "--short", "HEAD"])
    dirty = sh(["git", "-C", str(args.repo), "status", "--porcelain", "--untracked-files=no"])
    out = [
        f"date: {started:%Y-%m-%d %H:%M} UTC; grayzone commit {commit}{' (with uncommitted changes)' if dirty else ''}",
        f"CPU: {cpu}; nproc {sh(['nproc'])}; memory {mem}; {platform.system()} {platform.release()}",
        f"{sh(['rustc', '-V'])}; fitparser {fitparser} (release profile of Cargo.toml)",
    ]
    if args.python:
        versions = sh([args.python, "-c",
                       "import sys, importlib.metadata as m; print(sys.version.split()[0], "
                       "m.version('fitdecode'), m.version('gpxpy'))"]).split()
        if len(versions) == 3:
            out.append(f"Python {versions[0]}; fitdecode {versions[1]}; gpxpy {versions[2]}; "
                       "TCX with the standard library's xml.etree.ElementTree")
    out.append(f"command: `{args.command}`")
    return out


if __name__ == "__main__":
    main()
