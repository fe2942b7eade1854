"""``python -m hdhkb glossary``: the glossary as CAT tools load it, into ``_build/glossary/``.

Writes ``glossary.tbx`` (TBX-Basic, for Weblate, OmegaT and translate-toolkit)
and ``glossary.csv`` (Weblate's CSV glossary layout) from the glossary page,
its French catalog and ``locale/terminology.toml`` (:mod:`hdhkb.termbase`).
The site publishes the same files (``hdhkb.ext.glossary_downloads``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hdhkb import settings, termbase

HELP = "export the glossary as TBX and CSV for Poedit/OmegaT/Weblate into _build/glossary/"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb glossary", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project root")
    parser.add_argument("--out", type=Path, default=Path("_build/glossary"))
    args = parser.parse_args(argv)
    sources = termbase.Sources.of_project(args.root)
    files = termbase.exports(sources, settings.load(args.root).languages[0].title)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        sys.stdout.write(f"Wrote {args.out / name} ({len(data)} bytes)\n")
    return 0
