"""Swap finished builds into the served tree, so readers never see half of one.

Sphinx writes into a work directory (kept between builds for speed). Only a
build that passed is published: the served directory is rebuilt beside the
old one, from hard links of unchanged files plus copies of changed ones, then
swapped into place the way ``make dist`` does (``hdhkb.dist.swap_in``). A
failed build leaves the last good tree untouched. ``hdhkb.html`` (``make
html``) stages each language as soon as it passed and swaps them all in once
every language has.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from hdhkb import root
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


def staging_dir(live: Path) -> Path:
    """Where the next version of *live* is prepared, beside it."""
    return live.with_name(f".{live.name}.new")


def prepare(work: Path, live: Path) -> int:
    """Stage *work* beside *live* (:func:`staging_dir`); return how many files were copied."""
    live.parent.mkdir(parents=True, exist_ok=True)
    return stage(work, live, staging_dir(live))


def swap_all(live: Path, languages: list[str], *, chooser: bool) -> int:
    """Swap every language's staged tree into place; with *chooser*, write the root files."""
    for code in languages:
        swap_in(staging_dir(live / code), live / code)  # atomic where possible (renameat2)
        sys.stdout.write(f"published {live / code}\n")
    if chooser:
        try:
            root.write(live, languages)
        except root.RootError as error:
            sys.stderr.write(f"{error}\n")
            return 1
    return 0

