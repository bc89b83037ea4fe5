#!/usr/bin/env python3
"""Side-by-side build benchmark: byline against Hugo on the same generated corpus.

    python3 bench/bench.py [--sizes 1000,10000,50000] [--runs 3] [--no-hugo] [--floor] [--search] [--out DIR]

Generates corpora with ../shared/bench/gen_corpus.py (cached under bench/out/), builds
byline in release mode, then times cold builds of each corpus, alternating byline and
Hugo run by run, with /usr/bin/time -v (wall, CPU, peak RSS), each run after a `sync`.
Prints medians (and the range of wall times), time per article and the byline/Hugo
ratios, and the size of each tool's site: output bytes, file count and the largest file;
then, with --search, byline with its search index on (issue 20; as "search", on a copy of
the corpus whose site.toml says `search = true`, its content hard-linked) timed beside,
its ratio to Hugo (Hugo building without search), and the index's time (`--timings`),
bytes, files and bytes per article. Hugo is measured when `hugo` is on PATH. With --floor, the bare pipeline of
bench/floor.rs (read, serde_yaml, pulldown-cmark, one Tera render, write; no highlighting,
claims, ledger or list pages) is timed too, as the lower bound byline's work sits on.
With --malloc, byline is also built with its opt-in `malloc-override` feature (mimalloc
serving C code's malloc too: Oniguruma's match regions) and timed beside, as "ovr", the
measurement that decides whether that feature is worth turning on. With --out, the sites are written under DIR instead of bench/out/: on a tmpfs such as
/dev/shm, the times are the tools' own, without the disk (see `writes_back`).
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
OVERRIDE_TARGET = os.path.join(ROOT, "target", "malloc-override")
OVERRIDE = os.path.join(OVERRIDE_TARGET, "release", "byline")
# Without a journal, ext4 skips inodes freed in the last minute, or in the last six
# while their inode table block is dirty, as it is while files are being created
# (fs/ext4/ialloc.c, `recently_deleted`: RECENTCY_MIN 60 s + RECENTCY_DIRTY 300 s), so
# creating files soon after a large delete costs several times as much kernel time.
# Outputs are removed only when a run is over, and a run that starts sooner than this
# after the last removal waits.
RECENTLY_DELETED_S = 365


def filesystem(path):
    """The type of the filesystem holding path, from /proc/mounts ("ext4", "tmpfs", …)."""
    path = os.path.realpath(path)
    best = ("", "?")
    try:
        with open("/proc/mounts") as f:
            for line in f:
                _, mount, kind = line.split()[:3]
                inside = path == mount or path.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) > len(best[0]):
                    best = (mount, kind)
    except OSError:
        pass
    return best[1]


def writes_back(size_mib):
    """Whether the kernel starts writing dirty pages back before a build of this size is
    over: past vm.dirty_background_ratio of free memory (about 2 GiB of output on a
    23 GiB machine; a 50,000-article site is about 4 GiB), flusher threads share the
    cores with the build, and nearer vm.dirty_ratio the kernel makes the build's writes
    wait for the disk, so its time includes some of the disk's work. (A 50,000-article
    build that took 17.3 s here took 12.9 s with both ratios raised to 40 and 60.)"""
    try:
        ratio = int(open("/proc/sys/vm/dirty_background_ratio").read())
        with open("/proc/meminfo") as f:
            avail = next(int(l.split()[1]) for l in f if l.startswith("MemAvailable:")) / 1024
    except (OSError, ValueError, StopIteration):
        return False
    return size_mib > avail * ratio / 100


def corpus(n, flavor):
    path = os.path.join(OUT, "corpus-%d-%s" % (n, flavor))
    if not os.path.isdir(path):
        subprocess.run([sys.executable, GEN, path, "--articles", str(n), "--flavor", flavor], check=True, stdout=subprocess.DEVNULL)
    return path


def searched(src):
    """A copy of the corpus at src with search on: site.toml plus `search = true`, the
    content hard-linked (byline refuses a symlinked content folder)."""
    dest = src.rstrip("/") + "-search"
    if not os.path.isdir(dest):
        os.makedirs(dest)
        subprocess.run(["cp", "-al", os.path.join(src, "content"), dest], check=True)
        with open(os.path.join(src, "site.toml")) as f:
            toml = f.read()
        with open(os.path.join(dest, "site.toml"), "w") as f:
            f.write(re.sub(r"(?m)^search\s*=.*\n?", "", toml).rstrip("\n") + "\nsearch = true\n")
    return dest


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
    # byline's --timings: the search index's time (made beside the list pages).
    search = re.search(r"^\s*search\s+(\d+) ms", r.stderr, re.M)
    return seconds, cpu, rss, search and int(search.group(1)) / 1000


def tree_stats(path):
    """A built site's size: (bytes, files, (largest file's bytes, its path))."""
    total, files, largest = 0, 0, (0, "")
    for d, _, fs in os.walk(path):
        for f in fs:
            p = os.path.join(d, f)
            size = os.path.getsize(p)
            total += size
            files += 1
            largest = max(largest, (size, os.path.relpath(p, path)))
    return total, files, largest


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--floor", action="store_true", help="also time the bare pipeline of bench/floor.rs")
    ap.add_argument("--malloc", action="store_true", help="also time byline with the malloc-override feature")
    ap.add_argument("--search", action="store_true", help="also time byline with its search index on")
    ap.add_argument("--out", default=OUT, help="where the sites are written (default: bench/out)")
    args = ap.parse_args()
    sites = os.path.abspath(args.out)
    deleted_at = os.path.join(sites, ".deleted-at")
    hugo = None if args.no_hugo else shutil.which("hugo")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if args.floor:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "floor"], cwd=ROOT, check=True)
    if args.malloc:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--features", "malloc-override",
                        "--target-dir", OVERRIDE_TARGET], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(sites, exist_ok=True)
    fs = filesystem(sites)
    print("sites written to %s (%s)" % (sites, fs), file=sys.stderr)

    # Outputs left by an interrupted run would make the builds incremental.
    stale = [d for d in os.listdir(sites) if d.startswith("site-")]
    for d in stale:
        shutil.rmtree(os.path.join(sites, d), ignore_errors=True)
    if stale:
        with open(deleted_at, "w") as f:
            f.write(str(time.time()))
    try:
        wait = float(open(deleted_at).read()) + RECENTLY_DELETED_S - time.time()
    except (OSError, ValueError):
        wait = 0
    if fs == "tmpfs":
        wait = 0
    if wait > 0:
        print("waiting %.0f s: the last run's outputs were removed too recently (see RECENTLY_DELETED_S)" % wait, file=sys.stderr)
        time.sleep(wait)

    rows = []
    pairs = {}  # articles -> [(byline wall, hugo wall)], run by run
    site_mib = {}  # articles -> size of byline's site
    outputs_of = {}  # (articles, tool) -> tree_stats of its first run's site
    index_times = {}  # articles -> byline's runs
    search_of = {}  # articles -> tree_stats of byline's search index (pagefind/)
    outputs = []

    def built(dest, n, tool):
        if (n, tool) not in outputs_of:
            outputs_of[(n, tool)] = tree_stats(dest)
            if tool == "search":
                search_of[n] = tree_stats(os.path.join(dest, "pagefind"))
        # A tmpfs has no recently_deleted penalty, and keeping every site would fill memory.
        if fs == "tmpfs":
            shutil.rmtree(dest, ignore_errors=True)
        else:
            outputs.append(dest)
    for n in [int(s) for s in args.sizes.split(",")]:
        src = corpus(n, "byline")
        hsrc = corpus(n, "hugo") if hugo else None
        ssrc = searched(src) if args.search else None
        results = {"byline": [], "search": [], "ovr": [], "floor": [], "hugo": []}
        # Each run writes a fresh folder; all are removed at the end (see above).
        for run in range(args.runs):
            dest = os.path.join(sites, "site-byline-%d-%d" % (n, run))
            results["byline"].append(timed([BYLINE, "build", "--timings", "--root", src, "--output", dest]))
            built(dest, n, "byline")
            site_mib.setdefault(n, outputs_of[(n, "byline")][0] / 2**20)
            if ssrc:
                sdest = os.path.join(sites, "site-search-%d-%d" % (n, run))
                results["search"].append(timed([BYLINE, "build", "--timings", "--root", ssrc, "--output", sdest]))
                built(sdest, n, "search")
            if args.malloc:
                mdest = os.path.join(sites, "site-ovr-%d-%d" % (n, run))
                results["ovr"].append(timed([OVERRIDE, "build", "--root", src, "--output", mdest]))
                built(mdest, n, "ovr")
            if args.floor:
                fdest = os.path.join(sites, "site-floor-%d-%d" % (n, run))
                results["floor"].append(timed([FLOOR, src, fdest]))
                built(fdest, n, "floor")
            if hugo:
                hdest = os.path.join(sites, "site-hugo-%d-%d" % (n, run))
                shutil.rmtree(os.path.join(hsrc, "resources"), ignore_errors=True)
                results["hugo"].append(timed([hugo, "--quiet", "--source", hsrc, "--destination", hdest]))
                built(hdest, n, "hugo")
        index_times[n] = results["search"]
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
    with open(deleted_at, "w") as f:
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
            if (n, "search") in by:
                print("%d articles: byline with search/hugo wall %.3f (without: %.3f)" % (
                    n, by[(n, "search")][0] / hw, bw / hw))
            if (n, "floor") in by:
                print("%d articles: floor/hugo wall %.3f" % (n, by[(n, "floor")][0] / hw))
    print()
    print("%8s %-7s %10s %9s  %s" % ("articles", "tool", "output MB", "files", "largest file"))
    for (n, tool), (total, files, (size, name)) in sorted(outputs_of.items()):
        print("%8d %-7s %10.1f %9d  %.2f MiB (%s)" % (n, tool, total / 1e6, files, size / 2**20, name))
    print()
    print("%8s %12s %10s %9s %16s" % ("articles", "index s", "index MB", "files", "bytes/article"))
    for n, (total, files, _) in sorted(search_of.items()):
        took = [r[3] for r in index_times[n] if r[3] is not None]
        print("%8d %12.2f %10.1f %9d %16.0f" % (
            n, statistics.median(took) if took else float("nan"), total / 1e6, files, total / n))
    for n in sorted({r[0] for r in rows}):
        if (n, "ovr") in by:
            print("%d articles: ovr/byline wall %.3f" % (n, by[(n, "ovr")][0] / by[(n, "byline")][0]))
    for n, mib in sorted(site_mib.items()):
        if fs != "tmpfs" and writes_back(mib):
            print("%d articles: the site is %.0f MiB, enough for the kernel to write it back, and "
                  "hold up its writes, during the build; --out /dev/shm/… times the tools without "
                  "the disk" % (n, mib))


if __name__ == "__main__":
    main()
