"""Gate ``numbers``: a translation adds no figure its English message does not have.

Figures live in the facts file and reach both languages through ``{fact}``
roles (``hdhkb.ext.facts``), so a number typed by hand in a msgstr is either
a fact that drifted (the French page said 60 members where the English said
56) or a mistake. Every number of a finished translation's text (not of its
link targets, role targets or code) must occur in the English message,
whatever its separators (``1,000`` = ``1 000``, ``2.5`` = ``2,5``).

Where a translation rightly adds one (the French names a regulation's number
that the English leaves implicit), the case is reviewed and recorded in
``locale/<lang>/reviewed-numbers.toml``::

    [[number]]
    catalog = "europe.po"            # the catalog, relative to LC_MESSAGES/
    msgid = "The regulation entered"  # the start of the English message
    number = "2025"                   # the number, as the French writes it
    why = "the French names the regulation (règlement (UE) 2025/327)"

An entry that no longer matches any translation (the message was reworded,
or the number removed) fails ``make check``: delete it, so the file keeps
saying only what is true.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project, msgstr_line, shorten, translated
from hdhkb.check.myst import inline, normalise_number

NAME = "numbers"
NEEDS_HTML = False
HELP = "no number in a translation that its English message lacks (figures come from facts)"
FILES = "catalogs"
EXCEPTIONS = "reviewed-numbers.toml"


@dataclass(frozen=True)
class Reviewed:
    catalog: str
    msgid: str
    number: str
    why: str
    line: int  # of its [[number]] header in the exceptions file


def exceptions_file(project: Project) -> Path:
    return project.locale / project.target / EXCEPTIONS


def reviewed(project: Project) -> list[Reviewed]:
    """The recorded exceptions (each needs catalog, msgid, number and why)."""
    path = exceptions_file(project)
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        found_line = re.search(r"line (\d+)", str(error))
        line = int(found_line.group(1)) if found_line else 1
        raise CheckError(f"{project.rel(path)}: {error}", project.rel(path), line) from None
    found = []
    headers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if line.strip() == "[[number]]"]
    for number, item in enumerate(data.get("number", []), 1):
        missing = {"catalog", "msgid", "number", "why"} - item.keys()
        if missing or not str(item.get("why", "")).strip():
            line = headers[number - 1] if number <= len(headers) else 1
            raise CheckError(f"[[number]] number {number} needs catalog, msgid, number and a "
                             f"why ({', '.join(sorted(missing)) or 'why'} missing)",
                             project.rel(path), line)
        found.append(Reviewed(item["catalog"], item["msgid"], normalise_number(item["number"]),
                              item["why"], headers[number - 1] if number <= len(headers) else 1))
    return found


def inputs(project: Project) -> list[Path]:
    """Files besides the catalog whose change changes this gate's verdict."""
    return [exceptions_file(project)]


def catalog_name(path: Path) -> str:
    """The catalog as the exceptions file names it: relative to ``LC_MESSAGES/``."""
    parts = path.parts
    return "/".join(parts[parts.index("LC_MESSAGES") + 1:]) if "LC_MESSAGES" in parts \
        else path.name


def check_file(project: Project, path: Path) -> list[Problem]:
    return _check(project, path, reviewed(project), set())


def _check(project: Project, path: Path, exceptions: list[Reviewed],
           used: set[Reviewed]) -> list[Problem]:
    rel, extensions = project.rel(path), project.myst_extensions
    allowed = [r for r in exceptions if r.catalog == catalog_name(path)]
    problems = []
    for entry in translated(project.catalog(path)):
        added = (inline(entry.msgstr, extensions).numbers
                 - inline(entry.msgid, extensions).numbers)
        for number in sorted(added):
            matching = [r for r in allowed if entry.msgid.startswith(r.msgid)
                        and r.number == number]
            if matching:
                used.update(matching)
                continue
            problems.append(Problem(
                rel, msgstr_line(path, entry), NAME,
                f"the number {number} is not in the English message: "
                f"{shorten(entry.msgstr, 50)}",
                "cite the figure with its {fact} role as the English does (never type a fact's "
                "value); if the translation rightly adds it, record it in "
                f"{project.rel(exceptions_file(project))} with why"))
    return problems


def run(project: Project) -> Iterator[Problem]:
    exceptions, used = reviewed(project), set[Reviewed]()
    for path in project.po_files():
        yield from _check(project, path, exceptions, used)
    shown = project.rel(exceptions_file(project))
    for unused in exceptions:
        # (an unreadable catalog is the validity gate's to report)
        if unused not in used and project.catalog_dir / unused.catalog not in project.unreadable:
            yield Problem(shown, unused.line, NAME,
                          f"the reviewed number {unused.number} matches no translation of "
                          f"{unused.catalog} whose English starts {unused.msgid!r}",
                          "delete this [[number]] entry if the message was reworded or the "
                          "number removed; otherwise fix its catalog, msgid or number")
