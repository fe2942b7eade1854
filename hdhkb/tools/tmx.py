"""``python -m hdhkb tmx``: every translated message as a TMX 1.4b translation memory.

The French catalogs are the project's memory; CAT tools (OmegaT, Poedit,
Weblate, Trados…) are seeded with TMX. One translation unit per translated
message of every page catalog (fuzzy and untranslated ones are left out): the
English source, the translation, and the page (with its ``#:`` location) as
the unit's note. Written with translate-toolkit's TMX writer.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import polib

from hdhkb import settings
from hdhkb.catalogs import page_catalogs

HELP = "export every translated message as a TMX 1.4b translation memory into _build/tmx/"


def memory(locale_dir: Path, source: str, target: str) -> tuple[bytes, int]:
    """The TMX of one target language, and how many units it holds."""
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=source, targetlanguage=target)
    count = 0
    for page, path in page_catalogs(locale_dir / target / "LC_MESSAGES").items():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy or not entry.translated() or not entry.msgid:
                continue
            where = ", ".join(f"{file}:{line}" if line else file
                              for file, line in entry.occurrences)
            store.addtranslation(entry.msgid, source, entry.msgstr, target,
                                 comment=f"Page: {page}" + (f" ({where})" if where else ""),
                                 context=entry.msgctxt or None)
            count += 1
    buffer = io.BytesIO()
    store.serialize(buffer)
    return buffer.getvalue(), count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb tmx", description=__doc__)
    parser.add_argument("languages", nargs="*", help="target languages (default: all of them)")
    parser.add_argument("--root", type=Path, default=Path("."), help="project root")
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"))
    parser.add_argument("--out", type=Path, default=Path("_build/tmx"))
    args = parser.parse_args(argv)
    project = settings.load(args.root)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in args.languages or project.targets:
        if not (args.locale_dir / language / "LC_MESSAGES").is_dir():
            sys.stderr.write(f"{args.locale_dir / language}: no LC_MESSAGES folder\n")
            return 1
        data, count = memory(args.locale_dir, project.source_language, language)
        path = args.out / f"{project.source_language}-{language}.tmx"
        path.write_bytes(data)
        sys.stdout.write(f"Wrote {path} ({count} translation units)\n")
    return 0
