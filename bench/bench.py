#!/usr/bin/env python3
"""Side-by-side build benchmark: byline against Hugo on the same generated corpus.

    python3 bench/bench.py [--sizes 1000,10000,50000] [--runs 3] [--no-hugo] [--floor]

Generates corpora with ../shared/bench/gen_corpus.py (cached under bench/out/), builds
byline in release mode, then times cold builds of each corpus, alternating byline and
Hugo run by run, with /usr/bin/time -v (wall, CPU, peak RSS), each run after a `sync`.
Prints medians (and the range of wall times), time per article and the byline/Hugo
ratios. Hugo is measured when `hugo` is on PATH. With --floor, the bare pipeline of
bench/floor.rs (read, serde_yaml, pulldown-cmark, one Tera render, write; no highlighting,
claims, ledger or list pages) is timed too, as the lower bound byline's work sits on.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
OUT = os.path.join(HERE, "out")
BYLINE = os.path.join(ROOT, "target", "release", "byline")
FLOOR = os.path.join(ROOT, "target", "release", "examples", "floor")
# ext4 skips inodes freed in the last five minutes while their inode table is being
# written (fs/ext4/ialloc.c, `recently_deleted`), so creating files soon after a large
# delete costs several times as much kernel time. Outputs are removed only when a run
# is over, and a run that starts sooner than this after the last removal waits.
RECENTLY_DELETED_S = 305
DELETED_AT = os.path.join(OUT, ".deleted-at")


def corpus(n, flavor):
    path = os.path.join(OUT, "corpus-%d-%s" % (n, flavor))
    if not os.path.isdir(path):
        subprocess.run([sys.executable, GEN, path, "--articles", str(n), "--flavor", flavor], check=True, stdout=subprocess.DEVNULL)
    return path


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak RSS MiB)."""
    # The previous build's output is flushed to disk first: otherwise the kernel writes
    # it back during this build, on the same cores, and the tool after a large build
    # pays for it.
    os.sync()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("command failed: %s\n%s" % (" ".join(cmd), r.stderr[-3000:]))
    def field(name):
        return re.search(r"^\s*%s: (.*)$" % re.escape(name), r.stderr, re.M).group(1)
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    return seconds, cpu, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--floor", action="store_true", help="also time the bare pipeline of bench/floor.rs")
    args = ap.parse_args()
    hugo = None if args.no_hugo else shutil.which("hugo")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if args.floor:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "floor"], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)

    # Outputs left by an interrupted run would make the builds incremental.
    stale = [d for d in os.listdir(OUT) if d.startswith("site-")]
    for d in stale:
        shutil.rmtree(os.path.join(OUT, d), ignore_errors=True)
    if stale:
        with open(DELETED_AT, "w") as f:
            f.write(str(time.time()))
    try:
        wait = float(open(DELETED_AT).read()) + RECENTLY_DELETED_S - time.time()
    except (OSError, ValueError):
        wait = 0
    if wait > 0:
        print("waiting %.0f s: the last run's outputs were removed too recently (see RECENTLY_DELETED_S)" % wait, file=sys.stderr)
        time.sleep(wait)

    rows = []
    pairs = {}  # articles -> [(byline wall, hugo wall)], run by run
    outputs = []
    for n in [int(s) for s in args.sizes.split(",")]:
        src = corpus(n, "byline")
        hsrc = corpus(n, "hugo") if hugo else None
        results = {"byline": [], "floor": [], "hugo": []}
        # Each run writes a fresh folder; all are removed at the end (see above).
        for run in range(args.runs):
            dest = os.path.join(OUT, "site-byline-%d-%d" % (n, run))
            outputs.append(dest)
            results["byline"].append(timed([BYLINE, "build", "--root", src, "--output", dest]))
            if args.floor:
                fdest = os.path.join(OUT, "site-floor-%d-%d" % (n, run))
                outputs.append(fdest)
                results["floor"].append(timed([FLOOR, src, fdest]))
            if hugo:
                hdest = os.path.join(OUT, "site-hugo-%d-%d" % (n, run))
                outputs.append(hdest)
                shutil.rmtree(os.path.join(hsrc, "resources"), ignore_errors=True)
                results["hugo"].append(timed([hugo, "--quiet", "--source", hsrc, "--destination", hdest]))
        if results["hugo"]:
            pairs[n] = [(b[0], h[0]) for b, h in zip(results["byline"], results["hugo"])]
        for tool, runs in results.items():
            if not runs:
                continue
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss = max(r[2] for r in runs)
            rows.append((n, tool, wall, cpu, rss, wall / n * 1e6, min(r[0] for r in runs), max(r[0] for r in runs)))

    for dest in outputs:
        shutil.rmtree(dest, ignore_errors=True)
    with open(DELETED_AT, "w") as f:
        f.write(str(time.time()))

    print("%8s %-7s %9s %13s %9s %10s %12s" % ("articles", "tool", "wall s", "(min-max)", "cpu s", "peak MiB", "µs/article"))
    for n, tool, wall, cpu, rss, per, lo, hi in rows:
        print("%8d %-7s %9.2f %13s %9.2f %10.0f %12.0f" % (n, tool, wall, "%.2f-%.2f" % (lo, hi), cpu, rss, per))
    by = {(n, t): (w, r) for n, t, w, _, r, _, _, _ in rows}
    for n in sorted({r[0] for r in rows}):
        if (n, "hugo") in by:
            (bw, br), (hw, hr) = by[(n, "byline")], by[(n, "hugo")]
            print("%d articles: byline/hugo wall %.3f, memory %.3f" % (n, bw / hw, br / hr))
            # Each byline run next to the Hugo run right after it: the machine drifts
            # over a benchmark (page cache, the filesystem's free-inode scans), a pair less so.
            ratios = sorted(b / h for b, h in pairs[n])
            print("%d articles: byline/hugo wall run by run %s, median %.3f" % (
                n, " ".join("%.3f" % r for r in ratios), statistics.median(ratios)))
            if (n, "floor") in by:
                print("%d articles: floor/hugo wall %.3f" % (n, by[(n, "floor")][0] / hw))


if __name__ == "__main__":
    main()
