"""Gate ``complete``: no fuzzy and no untranslated message in French.

Sphinx shows the English text for both, silently, so a French reader would
meet English paragraphs. This is the release gate; a site that chooses to
publish partial translations (readers are then told by a banner) sets
``hdhkb_allow_partial_translations = True`` in conf.py and the gate passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import Problem, Project, msgid_line, shorten

NAME = "complete"
NEEDS_HTML = False
HELP = "no fuzzy and no untranslated French message (unless partial translations are allowed)"
FILES = "catalogs"

SETTING = "hdhkb_allow_partial_translations"


def check_file(project: Project, path: Path) -> list[Problem]:
    if project.config.get(SETTING, False):
        return []
    po, rel = project.catalog(path), project.rel(path)
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(Problem(rel, msgid_line(path, entry), NAME,
                                    f"fuzzy (the English changed): {shorten(entry.msgid)}",
                                    "update the French to match the English, then delete the "
                                    "`#, fuzzy` line (and any `#|` lines)"))
        elif not entry.msgstr and not entry.msgstr_plural:
            problems.append(Problem(rel, msgid_line(path, entry), NAME,
                                    f"untranslated: {shorten(entry.msgid)}",
                                    "write the French in msgstr"))
    return problems


def run(project: Project) -> Iterator[Problem]:
    for path in project.all_po_files():
        yield from check_file(project, path)
