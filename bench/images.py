#!/usr/bin/env python3
"""Times byline on a site of article images with resized copies (`[images] widths`):
a first build, which decodes and resizes every image and fills `.byline-cache/`, then
a rebuild, which takes the copies from the cache. Prints one line for the README.

    python3 bench/images.py [--count 1000] [--size 1600x1000] [--widths 480,960] [--out DIR]

The images are one gradient PNG, each copy made distinct by a text chunk holding its
number (so each has its own content hash, as real photos do); needs only Python.
"""

import argparse
import os
import shutil
import struct
import subprocess
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BYLINE = os.path.join(ROOT, "target", "release", "byline")


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def gradient_png(width, height):
    reds = [(x * 255) // max(width - 1, 1) for x in range(width)]
    rows = bytearray()
    for y in range(height):
        green = (y * 255) // max(height - 1, 1)
        rows.append(0)
        rows.extend(b"".join(bytes((red, green, 96)) for red in reds))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header, chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b"")


def make_site(site, count, size, widths):
    if os.path.exists(os.path.join(site, "site.toml")):
        return
    shutil.rmtree(site, ignore_errors=True)
    head, tail = gradient_png(*size)
    os.makedirs(os.path.join(site, "content"))
    for i in range(count):
        folder = os.path.join(site, "content", "photos", f"p{i:05}")
        os.makedirs(folder)
        with open(os.path.join(folder, "index.md"), "w") as f:
            f.write(f"---\ntitle: Photo {i}\ndate: 2016-12-08\n---\n\n![A gradient, number {i}](photo.png)\n")
        with open(os.path.join(folder, "photo.png"), "wb") as f:
            f.write(head + chunk(b"tEXt", f"Comment\0{i}".encode()) + tail)
    with open(os.path.join(site, "site.toml"), "w") as f:
        f.write('title = "Images"\nbase_url = "https://example.org/"\n'
                f"[images]\nwidths = [{', '.join(map(str, widths))}]\n")


def timed_build(site):
    started = time.monotonic()
    subprocess.run([BYLINE, "build", "--root", site, "--force"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--size", default="1600x1000")
    p.add_argument("--widths", default="480,960")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    args = p.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    widths = [int(w) for w in args.widths.split(",")]
    site = os.path.join(args.out, f"images-{args.count}-{args.size}")
    make_site(site, args.count, size, widths)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    shutil.rmtree(os.path.join(site, ".byline-cache"), ignore_errors=True)
    shutil.rmtree(os.path.join(site, "public"), ignore_errors=True)
    first = timed_build(site)
    rebuild = timed_build(site)
    cache = sum(e.stat().st_size for e in os.scandir(os.path.join(site, ".byline-cache", "images")))
    print(f"{args.count:,} images ({args.size} PNG, widths {args.widths}): "
          f"first build {first:.2f} s, rebuild {rebuild:.2f} s, cache {cache / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
