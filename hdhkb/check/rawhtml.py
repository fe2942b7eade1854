"""Gate ``rawhtml``: no raw HTML in a translation that its English message does not have.

MyST passes raw HTML through to the page: a msgstr can thereby load an image
from another host (``<img src="https://…">``), add a script, or break the
page's structure, and nothing of it shows in the English review. Our pages
carry no raw HTML, so any tag a translation adds is refused, at its msgstr
line. (MyST autolinks, ``<https://…>``, are links, not HTML: the ``markup``
gate compares those.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import Problem, Project, msgstr_line, shorten, translated
from hdhkb.check.myst import inline

NAME = "rawhtml"
NEEDS_HTML = False
HELP = "no raw HTML tag in a translation that its English message does not have"
FILES = "catalogs"


def check_file(project: Project, path: Path) -> list[Problem]:
    rel, extensions = project.rel(path), project.myst_extensions
    problems = []
    for entry in translated(project.catalog(path)):
        added = inline(entry.msgstr, extensions).html - inline(entry.msgid, extensions).html
        for tag in sorted(added):
            problems.append(Problem(
                rel, msgstr_line(path, entry), NAME,
                f"raw HTML {tag!r} in the translation {shorten(entry.msgstr, 40)}",
                "write MyST instead of HTML (links: [texte](url); emphasis: **…**); images "
                "and scripts from other sites are never allowed"))
    return problems


def run(project: Project) -> Iterator[Problem]:
    for path in project.po_files():
        yield from check_file(project, path)
