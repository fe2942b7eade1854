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
import shutil
import sys
from pathlib import Path

from hdhkb import publish
from hdhkb.publish import SKIP, Lock

HELP = "build, check and swap both languages into the published tree afresh (make dist)"


class DistError(Exception):
    """The build cannot be published; the message says why."""


def problems(tree: Path, languages: list[str]) -> list[str]:
    """What makes *tree* unfit to publish (empty: fit)."""
    found = []
    for path in [tree / "index.html", *(tree / code / "index.html" for code in languages)]:
        if not path.is_file():
            found.append(f"{path}: missing")
    return found


def dist(build: Path, live: Path, languages: list[str]) -> str:
    """Copy *build* beside *live*, check the copy, swap it in."""
    found = problems(build, languages)
    if found:
        raise DistError("the build is incomplete:\n  " + "\n  ".join(found))
    staging = live.with_name(f"{live.name}.new")
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted run
    live.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(build, staging, ignore=shutil.ignore_patterns(*SKIP, ".*.tmp"))
    found = problems(staging, languages)
    if found:
        shutil.rmtree(staging)
        raise DistError("the copy is incomplete:\n  " + "\n  ".join(found))
    return publish.swap_in(staging, live)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb dist", description=__doc__)
    parser.add_argument("build", type=Path, help="finished, checked HTML tree (make html output)")
    parser.add_argument("dist", type=Path, help="published tree to replace, e.g. _build/dist")
    parser.add_argument("languages", nargs="+", help="languages that must be in the tree")
    args = parser.parse_args(argv)
    try:
        with Lock(args.build.parent / ".hdhkb.lock", "hdhkb dist"):
            how = dist(args.build, args.dist, args.languages)
    except DistError as error:
        sys.stderr.write(f"dist: {error}\ndist: {args.dist} left as it was\n")
        return 1
    files = sum(1 for p in args.dist.rglob("*") if p.is_file())
    sys.stdout.write(f"dist: {args.dist} ready ({files} files, {how})\n")
    return 0
