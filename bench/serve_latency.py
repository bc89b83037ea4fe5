#!/usr/bin/env python3
"""Edit-to-served latency of `byline serve` on a generated corpus (a benchmark, not a test).

    python3 bench/serve_latency.py [--corpus /tmp/c10k] [--articles 10000] [--edits 20]
                                   [--kind body|front-matter]

Generates the corpus with ../shared/bench/gen_corpus.py if it is missing, builds byline in
release mode, starts `byline serve --port 0` on it, then edits one article at a time and
polls its page over loopback until the edit is served. `--kind body` edits the text (the
article's page and, if it is in a feed, the feeds are rebuilt); `front-matter` changes the
title, so every page listing the article is rebuilt too. Prints, per edit and as medians:
  write->served  wall time from just before the file is written to the first response
                 that contains the edit (what a writer waits for);
  server         what serve reports: time from the save to every page written (the
                 list pages too); the next edit waits for it, so edits never queue.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
BYLINE = os.environ.get("BYLINE", os.path.join(ROOT, "target", "release", "byline"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/tmp/c10k")
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--kind", choices=["body", "front-matter"], default="body")
    args = ap.parse_args()

    if not os.path.isdir(args.corpus):
        subprocess.run([sys.executable, GEN, args.corpus, "--articles", str(args.articles)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    content = os.path.join(args.corpus, "content")
    articles = sorted(
        os.path.relpath(os.path.join(d, f), content)
        for d, _, files in os.walk(content) for f in files if f.endswith(".md")
    )
    rel = articles[len(articles) // 2]
    path = os.path.join(content, rel)
    page = "/" + rel[: -len(".md")] + "/"
    original = open(path, encoding="utf-8").read()

    proc = subprocess.Popen([BYLINE, "serve", "--port", "0", "--root", args.corpus],
                            stderr=subprocess.PIPE, text=True)
    lines = []
    url = None
    try:
        started = time.monotonic()
        for line in proc.stderr:
            lines.append(line)
            m = re.search(r"Serving the site at (http://\S+?)/? ", line)
            if m:
                url = m.group(1)
                break
        if url is None:
            sys.exit("serve did not start:\n" + "".join(lines))
        print("%d articles; first build and start: %.1f s" % (len(articles), time.monotonic() - started))
        print("  " + "".join(l for l in lines if l.startswith("Built")).strip())
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
        reader.start()

        walls, servers = [], []
        for i in range(args.edits):
            marker = "bench-edit-%d-%d" % (os.getpid(), i)
            if args.kind == "body":
                text = original.rstrip("\n") + "\n\n" + marker + "\n"
            else:
                text = re.sub(r"(?m)^title: .*$", 'title: "%s"' % marker, original, count=1)
            seen = len(lines)
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                body = urllib.request.urlopen(url + page).read().decode("utf-8")
                if marker in body:
                    break
                if time.monotonic() - t0 > 30:
                    sys.exit("edit %d was not served within 30 s:\n%s" % (i, "".join(lines[seen:])))
            walls.append((time.monotonic() - t0) * 1000)
            # Wait for the whole rebuild (list pages included) to end, so that every
            # edit is measured on an idle server rather than queued behind the last one.
            done = None
            while done is None:
                for line in lines[seen:]:
                    m = re.search(r"\((\d+) ms after the save\)", line)
                    if m:
                        done = int(m.group(1))
                if done is None:
                    if time.monotonic() - t0 > 60:
                        sys.exit("edit %d: no rebuild line within 60 s:\n%s" % (i, "".join(lines[seen:])))
                    time.sleep(0.01)
            servers.append(done)
            time.sleep(0.3)
            print("  edit %2d: write->served %6.1f ms   %s" % (i, walls[-1], "".join(lines[seen:]).strip().splitlines()[-1:]))
        print("median write->served %.1f ms (min %.1f, max %.1f) over %d edits"
              % (statistics.median(walls), min(walls), max(walls), len(walls)))
        if servers:
            print("median save->every page written %.1f ms (server-reported)" % statistics.median(servers))
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
