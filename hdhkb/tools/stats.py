"""``python -m hdhkb stats``: translation progress per page, and what changed.

The numbers come from :mod:`hdhkb.catalogs` (the same as the in-site status
page, ``hdhkb.ext.translation_status``): per page, translated, fuzzy (stale)
and untranslated messages, and for each stale one a word diff of the English
since it was translated.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

from hdhkb.catalogs import PageStats, language_stats, terminal_diff, totals

HELP = "translation progress per page, stale messages with word diffs (make stats)"


def as_json(language: str, pages: list[PageStats]) -> dict:
    def row(page: PageStats) -> dict:
        data = asdict(page)
        data["stale"] = [
            {**asdict(s), "diff": [list(chunk) for chunk in s.diff]} for s in page.stale
        ]
        data.update(total=page.total, percent_translated=page.percent(page.translated),
                    percent_fuzzy=page.percent(page.fuzzy),
                    percent_untranslated=page.percent(page.untranslated))
        return data

    summary = row(totals(pages))
    del summary["page"], summary["path"], summary["stale"]
    return {"language": language, "pages": [row(p) for p in pages], "total": summary}


def as_text(language: str, pages: list[PageStats]) -> str:
    width = max([len(p.page) for p in pages] + [5])
    head = f"{'page':<{width}}  {'translated':>16}  {'fuzzy':>14}  {'untranslated':>14}  total"
    lines = [f"# {language}", head]
    for page in [*pages, totals(pages)]:
        lines.append(
            f"{page.page:<{width}}  "
            f"{page.translated:>6} ({page.percent(page.translated):5.1f} %)  "
            f"{page.fuzzy:>4} ({page.percent(page.fuzzy):5.1f} %)  "
            f"{page.untranslated:>4} ({page.percent(page.untranslated):5.1f} %)  {page.total}"
        )
    for page in pages:
        for stale in page.stale:
            lines += ["", f"{page.path}:{stale.line}: fuzzy: the English changed"]
            if stale.diff:
                lines.append(textwrap.fill(terminal_diff(stale.diff), width=100,
                                           initial_indent="  ", subsequent_indent="  ",
                                           break_long_words=False, break_on_hyphens=False))
            else:
                lines.append("  (no previous English recorded) " + stale.msgid)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hdhkb stats",
        description="Translated / fuzzy / untranslated messages per page, and a word "
        "diff of the English for every fuzzy (stale) message.",
    )
    parser.add_argument("languages", nargs="+", help="target languages, e.g. fr")
    parser.add_argument("--locale-dir", type=Path, default=Path("locale"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    reports = []
    for language in args.languages:
        if not (args.locale_dir / language / "LC_MESSAGES").is_dir():
            sys.stderr.write(f"{args.locale_dir / language}: no LC_MESSAGES folder\n")
            return 1
        reports.append((language, language_stats(args.locale_dir, language)))
    if args.json:
        data = [as_json(lang, pages) for lang, pages in reports]
        json.dump(data[0] if len(data) == 1 else data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(as_text(lang, pages) for lang, pages in reports))
    return 0
