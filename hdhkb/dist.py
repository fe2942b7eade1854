"""Put a finished bilingual build in place as the published tree, in one rename.

``make dist`` builds both languages from scratch and checks them; only then
does this tool copy the tree into ``<dist>.new`` beside the published one,
check that it is complete, and swap the two. With Linux's
``renameat2(RENAME_EXCHANGE)`` the swap is a single atomic step: a web server
reading ``<dist>`` sees the old tree or the new one, never a mix or nothing.
Elsewhere it falls back to two renames (old aside, new in place), which leaves
``<dist>`` missing for an instant but never half-written.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

#: Sphinx's bookkeeping, not part of a site.
SKIP = (".buildinfo", ".doctrees", ".*.tmp")
#: renameat2() arguments (linux/fs.h).
AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1


class DistError(Exception):
    """The build cannot be published; the message says why."""


def problems(tree: Path, languages: list[str]) -> list[str]:
    """What makes *tree* unfit to publish (empty: fit)."""
    found = []
    for path in [tree / "index.html", *(tree / code / "index.html" for code in languages)]:
        if not path.is_file():
            found.append(f"{path}: missing")
    return found


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False when the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # old kernel or a filesystem without RENAME_EXCHANGE
    raise OSError(code, f"renameat2({a}, {b}): {os.strerror(code)}")


def swap_in(staging: Path, live: Path) -> str:
    """Put *staging* in place of *live*; return how it was done."""
    if not live.exists():
        staging.rename(live)
        return "renamed into place"
    if exchange(staging, live):
        shutil.rmtree(staging)  # now holds the old tree
        return "swapped atomically"
    old = live.with_name(f"{live.name}.old")
    if old.exists():
        shutil.rmtree(old)
    live.rename(old)
    staging.rename(live)
    shutil.rmtree(old)
    return "swapped with two renames"


def dist(build: Path, live: Path, languages: list[str]) -> str:
    """Copy *build* beside *live*, check the copy, swap it in."""
    found = problems(build, languages)
    if found:
        raise DistError("the build is incomplete:\n  " + "\n  ".join(found))
    staging = live.with_name(f"{live.name}.new")
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted run
    live.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(build, staging, ignore=shutil.ignore_patterns(*SKIP))
    found = problems(staging, languages)
    if found:
        shutil.rmtree(staging)
        raise DistError("the copy is incomplete:\n  " + "\n  ".join(found))
    return swap_in(staging, live)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb dist", description=__doc__)
    parser.add_argument("build", type=Path, help="finished, checked HTML tree (make html output)")
    parser.add_argument("dist", type=Path, help="published tree to replace, e.g. _build/dist")
    parser.add_argument("languages", nargs="+", help="languages that must be in the tree")
    args = parser.parse_args(argv)
    try:
        how = dist(args.build, args.dist, args.languages)
    except DistError as error:
        sys.stderr.write(f"dist: {error}\ndist: {args.dist} left as it was\n")
        return 1
    files = sum(1 for p in args.dist.rglob("*") if p.is_file())
    sys.stdout.write(f"dist: {args.dist} ready ({files} files, {how})\n")
    return 0
