"""Swap a finished build into the served tree, so readers never see half of one.

Sphinx writes into a work directory (kept between builds for speed). Only a
build that passed is published: the served directory is rebuilt beside the
old one, from hard links of unchanged files plus copies of changed ones, then
swapped into place the way ``make dist`` does (``hdhkb.dist.swap_in``). A
failed build leaves the last good tree untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from hdhkb.dist import swap_in

#: Work-directory entries that are Sphinx's bookkeeping, not part of the site.
SKIP = {".buildinfo", ".doctrees"}


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def stage(work: Path, live: Path, staging: Path) -> int:
    """Fill *staging* with *work*'s files; return how many were copied."""
    if staging.exists():
        shutil.rmtree(staging)
    copied = 0
    for dirpath, dirnames, filenames in os.walk(work):
        dirnames[:] = [d for d in dirnames if d not in SKIP]
        rel = Path(dirpath).relative_to(work)
        (staging / rel).mkdir(parents=True, exist_ok=True)
        for name in filenames:
            if name in SKIP:
                continue
            src, old, dst = Path(dirpath, name), live / rel / name, staging / rel / name
            try:
                if _same(src.stat(), old.stat()):
                    os.link(old, dst)  # unchanged: share the published file
                    continue
            except FileNotFoundError:
                pass
            shutil.copy2(src, dst)
            copied += 1
    return copied


def publish(work: Path, live: Path) -> int:
    staging = live.with_name(f".{live.name}.new")
    live.parent.mkdir(parents=True, exist_ok=True)
    copied = stage(work, live, staging)
    swap_in(staging, live)  # atomic where the system can (renameat2)
    return copied


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb publish", description=__doc__)
    parser.add_argument("work", type=Path, help="finished sphinx-build output")
    parser.add_argument("live", type=Path, help="served directory to replace")
    args = parser.parse_args(argv)
    if not (args.work / "index.html").is_file():
        parser.error(f"{args.work} holds no index.html: refusing to publish it")
    copied = publish(args.work, args.live)
    sys.stdout.write(f"published {args.live} ({copied} files changed)\n")
    return 0
