"""Gate ``markup``: a translation keeps its message's links, roles, code and markup.

A translator retypes the English around its markup; a lost character changes
what readers get without any warning from Sphinx: a source link dropped, a
``{fact}`` replaced by a figure, a ``{ref}`` pointing at another label, an
unclosed ``**`` swallowing the rest of the paragraph into bold, a ``%s`` or
``{}`` copied from some other tool. Each finished msgstr is parsed the way
MyST parses it (``hdhkb.check.myst``) and compared with its msgid:

- the same links (URLs and targets), the same roles with the same targets
  (``{ref}``, ``{doc}``, ``{term}``, ``{fact}``…: their text may be
  translated, ``{term}`text <target>``` keeps the English target), the same
  inline code;
- no emphasis mark left unclosed, no placeholder the English does not have.

Reported at the msgstr's line of the ``.po``: that is where the fix goes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hdhkb.check import Problem, Project, msgstr_line, shorten, translated
from hdhkb.check.myst import Inline, inline

NAME = "markup"
NEEDS_HTML = False
HELP = "each translation keeps its message's links, roles, inline code; no stray ** or %s"
FILES = "catalogs"


def _listed(items: Counter) -> str:
    return ", ".join(sorted(f"{item!r}" if n == 1 else f"{item!r} ×{n}" for item, n in
                            items.items()))


def differences(english: Inline, french: Inline) -> list[tuple[str, str]]:
    """(message, fix) for each way the translation's markup differs."""
    found = []
    comparisons: tuple[tuple[str, Counter[Any], Counter[Any], str], ...] = (
        ("link", english.links, french.links,
         "keep every link of the English, with the same target: [texte](same target)"),
        ("role", english.roles, french.roles,
         "keep every role of the English with the same target, e.g. {term}`texte <English "
         "term>`, {fact}`same_name` (never type a fact's value by hand)"),
        ("inline code", english.code, french.code, "keep `code` exactly as in the English"),
    )
    for what, mine, theirs, fix in comparisons:
        lost, added = mine - theirs, theirs - mine
        if lost:
            found.append((f"{what}(s) of the English missing: {_listed(lost)}", fix))
        if added:
            found.append((f"{what}(s) the English does not have: {_listed(added)}", fix))
    if len(french.stray_marks) > len(english.stray_marks):
        found.append((f"unclosed emphasis mark(s) {french.stray_marks!r}",
                      "close each **bold** or *italic* in the same message (or escape a "
                      "literal asterisk as \\*)"))
    extra = french.placeholders - english.placeholders
    if extra:
        found.append((f"placeholder(s) {_listed(extra)} in a MyST message",
                      "our messages have no %s or {} placeholders: write the text itself"))
    return found


def check_file(project: Project, path: Path) -> list[Problem]:
    rel, extensions = project.rel(path), project.myst_extensions
    problems = []
    for entry in translated(project.catalog(path)):
        english, french = inline(entry.msgid, extensions), inline(entry.msgstr, extensions)
        for message, fix in differences(english, french):
            problems.append(Problem(rel, msgstr_line(path, entry), NAME,
                                    f"{message} in {shorten(entry.msgstr, 50)}", fix))
    return problems


def run(project: Project) -> Iterator[Problem]:
    for path in project.po_files():
        yield from check_file(project, path)
