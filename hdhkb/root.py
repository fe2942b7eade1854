"""The language chooser at the root of the published tree.

``/`` belongs to no language: a tiny page sends the reader to the first of the
browser's languages (``navigator.languages``) that we publish, and shows two
plain links when JavaScript is off. No inline script, so a strict
Content-Security-Policy needs no exception for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from html import escape
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "root"

#: Language code -> name of the language in that language.
NAMES = {"en": "English", "fr": "Français"}


def render(languages: list[str]) -> dict[str, str]:
    """Files of the chooser, by name."""
    links = "\n".join(
        f'<li><a href="{code}/" hreflang="{code}" lang="{code}">{escape(NAMES.get(code, code))}</a></li>'
        for code in languages
    )
    return {
        "index.html": Template((TEMPLATES / "index.html").read_text()).substitute(links=links),
        "chooser.js": Template((TEMPLATES / "chooser.js").read_text()).substitute(
            languages=json.dumps(languages)
        ),
        "chooser.css": (TEMPLATES / "chooser.css").read_text(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hdhkb root", description=__doc__)
    parser.add_argument("outdir", type=Path, help="root of the HTML tree (holds en/, fr/…)")
    parser.add_argument("languages", nargs="+", help="published languages, default first")
    args = parser.parse_args(argv)
    missing = [code for code in args.languages if not (args.outdir / code / "index.html").is_file()]
    if missing:
        parser.error(f"no build for {', '.join(missing)} in {args.outdir}")
    for name, text in render(args.languages).items():
        tmp = args.outdir / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.outdir / name)
    sys.stdout.write(f"wrote the language chooser in {args.outdir}\n")
    return 0
