"""Gate ``fences``: every code fence and directive of a page is closed.

CommonMark lets an unclosed fence run to the end of the document, silently:
a ```` ```{note} ```` whose closing line was lost swallows every section after
it into one note, and the build passes. Each page is parsed the way MyST
parses it (``hdhkb.check.myst``): a fence (backticks, tildes, or the colon
fence ``:::`` of a directive) whose block reaches the end of the page without
a closing line is reported at the line where it opens. Directive bodies are
checked the same way (a directive inside a directive).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import Problem, Project
from hdhkb.check.myst import blocks

NAME = "fences"
NEEDS_HTML = False
HELP = "every ``` and ::: fence (code block or directive) of a page is closed"
FILES = "pages"


def _closes(line: str, markup: str) -> bool:
    stripped = line.strip()
    return (len(stripped) >= len(markup) and set(stripped) == {markup[0]})


def unclosed(text: str, extensions: frozenset[str], offset: int = 0) -> list[tuple[int, str]]:
    """(line, opening line) of every fence of *text* that never closes."""
    lines = text.splitlines()
    found = []
    for token in blocks(text, extensions):
        if token.type not in {"fence", "colon_fence"} or not token.map:
            continue
        start, end = token.map
        if end >= len(lines) and not _closes(lines[end - 1], token.markup) or end == start + 1:
            found.append((offset + start + 1, lines[start].strip()))
        elif token.info.strip().startswith("{"):  # a directive: its body is MyST too
            found += unclosed(token.content, extensions, offset + start + 1)
    return found


def check_file(project: Project, path: Path) -> list[Problem]:
    rel = project.rel(path)
    return [Problem(rel, line, NAME, f"{opening!r} opens a block that is never closed: "
                    "everything after it is swallowed into it",
                    f"close it with a line of {opening.lstrip()[:3]!r} (as many marks as the "
                    "opening, or more) where the block ends")
            for line, opening in unclosed(path.read_text(encoding="utf-8"),
                                          project.myst_extensions)]


def run(project: Project) -> Iterator[Problem]:
    for path in project.pages():
        yield from check_file(project, path)
