"""Gate ``pagetext``: every page is UTF-8 text with no merge conflict left in it.

A page saved in another encoding stops the build with a bare decoding error
(or, worse, turns accents into mojibake); a merge that left ``<<<<<<<``
markers publishes both versions of a paragraph. Checked before anything else
reads a page, with the same reader as the catalogs (``hdhkb.check.validity``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import Problem, Project
from hdhkb.check.validity import CONFLICT, line_of

NAME = "pagetext"
NEEDS_HTML = False
HELP = "every page is UTF-8 text without merge conflict markers"
FILES = "pages"


def check_file(project: Project, path: Path) -> list[Problem]:
    rel, data = project.rel(path), path.read_bytes()
    problems = [Problem(rel, line_of(data, m.start()), NAME,
                        f"merge conflict marker {m.group(1).decode()!r}",
                        "resolve the conflict: keep one version and delete the <<<<<<< "
                        "======= >>>>>>> lines")
                for m in CONFLICT.finditer(data)]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(rel, line_of(data, error.start), NAME,
                                f"bytes that are not UTF-8 ({error.reason})",
                                "save the page as UTF-8 (it was written in another encoding)"))
    return problems


def run(project: Project) -> Iterator[Problem]:
    for path in project.pages():
        yield from check_file(project, path)
