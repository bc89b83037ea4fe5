#!/usr/bin/env python3
"""Hostile inputs: does any site under 10 MB take long to build, or write far more than
its size?

    python3 bench/hostile.py [--mb 10] [--only NAME,NAME] [--timeout 60] [--bin PATH] [--out DIR]

Generates, for each family below, a site whose content is about --mb megabytes (deep
YAML nesting, thousands of tags, identical headings, one long line, many citations,
claims, sources, authors, table cells, errors…), builds it with `byline build` (release
binary by default) and prints the wall time, CPU time, peak memory, input and output
sizes and their ratio. A build is stopped after --timeout seconds or once it has
written --ratio (100) times its input. Sites go under --out (default /dev/shm/byline-hostile, a
tmpfs, so the times are byline's own) and are removed after each build.
tests/testsuite/hostile.rs builds the same families, smaller, in `cargo test`.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SITE_TOML = 'title = "Hostile"\nbase_url = "https://example.org/"\n'
HEAD = "---\ntitle: T\ndate: 2016-12-08\n"


def article(front="", body="Text.\n", head=HEAD):
    return head + front + "---\n" + body


def fill(size, unit):
    return unit * max(1, size // len(unit))


def sources(n):
    return "sources:\n" + "".join("  - { id: s%d, title: S }\n" % i for i in range(n))


# Each family: size in bytes -> {path under the site: text}.
FAMILIES = {
    "deep-flow": lambda n: {"content/a.md": article("extra: {x: " + "[" * (n // 2) + "]" * (n // 2) + "}\n")},
    "deep-flow-shared": lambda n: {"content/sources.yaml": "sources: " + "[" * (n // 2) + "]" * (n // 2) + "\n"},
    "deep-block": lambda n: {"content/a.md": article("extra:\n  x:\n    " + fill(n, "- ") + "a\n")},
    "tags-one-article": lambda n: {"content/a.md": article("tags: [" + ", ".join("t%d" % i for i in range(n // 8)) + "]\n")},
    "tags-shared": lambda n: {
        "content/a%d.md" % i: article("tags: [" + ", ".join("t%d" % j for j in range(50)) + "]\n")
        for i in range(max(1, n // 300))
    },
    "headings": lambda n: {"content/a.md": article(body=fill(n, "# a\n\n"))},
    "long-line": lambda n: {"content/a.md": article(body=fill(n, "word "))},
    "long-title-tags": lambda n: {
        "content/a.md": article(
            "tags: [" + ", ".join("t%d" % j for j in range(50)) + "]\nsummary: \"" + fill(n // 2, "&") + "\"\n",
            head="---\ntitle: \"" + fill(n // 2, "<") + "\"\ndate: 2016-12-08\n",
        )
    },
    "authors-tags": lambda n: {
        "content/a.md": article(
            "tags: [" + ", ".join("t%d" % j for j in range(50)) + "]\nauthors: [" + fill(n, "a, ") + "a]\n"
        )
    },
    "articles-at-every-bound": lambda n: {
        "content/a%d.md" % i: article(
            "tags: [" + ", ".join("t%d" % j for j in range(50)) + "]\nsummary: \"" + "&" * 1000
            + "\"\nauthors: [" + "a, " * 49 + "a]\n",
            head="---\ntitle: \"" + "<" * 300 + "\"\ndate: 2016-12-08\n",
        )
        for i in range(max(1, n // 1850))
    },
    "tags-unique": lambda n: {
        "content/a%d.md" % i: article("tags: [" + ", ".join("u%dx%d" % (i, j) for j in range(50)) + "]\n")
        for i in range(max(1, n // 500))
    },
    "citations": lambda n: {"content/a.md": article(sources(1), fill(n, "[@s0] "))},
    "sources-cited": lambda n: {
        "content/a.md": article(sources(n // 60), "".join("[@s%d] " % i for i in range(n // 60)))
    },
    "unknown-citations": lambda n: {
        "content/a.md": article(sources(n // 60), "".join("[@x%d] " % i for i in range(n // 60)))
    },
    "claims": lambda n: {
        "content/a.md": article(
            sources(1) + "claims:\n" + "".join(
                "  - { id: c%d, text: C, status: disputed, asserted_by: [s0], contested_by: [s0] }\n" % i
                for i in range(n // 160)
            ),
            "".join("[c](claim:c%d) " % i for i in range(n // 160)),
        )
    },
    "claim-refs": lambda n: {
        "content/a.md": article(
            sources(n // 80) + "claims:\n  - id: c\n    text: C\n    status: confirmed\n    asserted_by: ["
            + ", ".join("s%d" % i for i in range(n // 80)) + "]\n"
        )
    },
    "claim-history": lambda n: {
        "content/a.md": article(
            "claims:\n  - id: c\n    text: C\n    status: confirmed\n    history:\n"
            + fill(n, "      - { date: 2016-12-08, status: confirmed }\n")
        )
    },
    "table": lambda n: {"content/a.md": article(body="|" + fill(n // 2, "a|") + "\n|" + fill(n // 2, "-|") + "\n" + fill(n // 2, "b\n"))},
    "table-rows": lambda n: {"content/a.md": article(body="|" + fill(n // 4, "a|") + "\n|" + fill(n // 4, "-|") + "\n" + fill(n // 2, "|b\n"))},
    "nested-quotes": lambda n: {"content/a.md": article(body=">" * n + " a\n")},
    "compact-lists": lambda n: {"content/a.md": article(body=fill(n, "- ") + "a\n")},
    "nested-lists": lambda n: {"content/a.md": article(body="".join("  " * i + "- a\n" for i in range(int((n) ** 0.5))))},
    "brackets": lambda n: {"content/a.md": article(body="[" * (n // 2) + "]" * (n // 2) + "\n")},
    "emphasis": lambda n: {"content/a.md": article(body=fill(n, "*a _"))},
    "links": lambda n: {"content/a.md": article(body=fill(n, "[a](/b) "))},
    "footnotes": lambda n: {"content/a.md": article(body=fill(n // 2, "[^a] ") + "\n\n[^a]: note\n")},
    "invalid-tags": lambda n: {"content/a.md": article("tags: [" + fill(n, "'!', ") + "'!']\n")},
    "articles": lambda n: {"content/a%d.md" % i: article() for i in range(n // 40)},
    "anchors": lambda n: {
        "content/a.md": article(
            "extra:\n" + "".join("  a%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10) if i else "x") for i in range(30))
        )
    },
}


def du(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total


def run(binary, site, timeout, cap):
    """Builds site; returns (wall s, cpu s, peak RSS MiB, output bytes, outcome)."""
    start = time.monotonic()
    with open(os.path.join(site, "stderr"), "wb") as err:
        proc = subprocess.Popen([binary, "build", "--root", site], stdout=subprocess.DEVNULL, stderr=err)
    outcome = None
    checked = start
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.05)
        if outcome is None and time.monotonic() - start > timeout:
            outcome = "timeout"
        elif outcome is None and time.monotonic() - checked > 1:
            checked = time.monotonic()
            if du(site) > cap:
                outcome = "over --ratio"
        if outcome:
            # Not proc.kill(): it would reap the child first, and wait4 would find none.
            os.kill(proc.pid, signal.SIGKILL)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if outcome is None:
        stderr = os.path.getsize(os.path.join(site, "stderr"))
        outcome = "ok" if proc.returncode == 0 else "errors (%d B on stderr)" % stderr
    output = du(os.path.join(site, "public"))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output, outcome


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mb", type=float, default=10)
    p.add_argument("--only", default="")
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--ratio", type=float, default=100, help="stop a build that writes this many times its input")
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "byline"))
    p.add_argument("--out", default="/dev/shm/byline-hostile")
    args = p.parse_args()
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    names = [n for n in args.only.split(",") if n] or list(FAMILIES)
    size = int(args.mb * 1024 * 1024)
    print("%-18s %9s %8s %8s %9s %10s %12s %7s  %s" % (
        "family", "input", "wall s", "cpu s", "peak MiB", "files", "output", "ratio", "outcome"))
    for name in names:
        site = os.path.join(args.out, name)
        shutil.rmtree(site, ignore_errors=True)
        os.makedirs(os.path.join(site, "content"))
        with open(os.path.join(site, "site.toml"), "w") as f:
            f.write(SITE_TOML)
        files = FAMILIES[name](size)
        for rel, text in files.items():
            with open(os.path.join(site, rel), "w") as f:
                f.write(text)
        inp = sum(len(t.encode()) for t in files.values()) + len(SITE_TOML)
        wall, cpu, rss, out, outcome = run(args.bin, site, args.timeout, (args.ratio + 1) * inp)
        print("%-18s %9d %8.2f %8.2f %9.0f %10d %12d %7.1f  %s" % (
            name, inp, wall, cpu, rss, len(files), out, out / inp, outcome), flush=True)
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
