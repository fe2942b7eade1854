"""Gate ``wrap``: every catalog is in the canonical layout that ``powrap`` writes.

Babel (sphinx-intl) and GNU msgcat wrap lines differently, so two tools
editing the same catalog make noisy diffs that hide real changes in review.
powrap (GNU msgcat's layout, as python-docs-fr uses) is the one canonical
form; ``make update-po`` ends with it. We run ``powrap --diff`` and report the
first changed line of each difference.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from hdhkb.check import CheckError, Problem, Project

NAME = "wrap"
NEEDS_HTML = False
HELP = "canonical .po layout (powrap --check)"

FIX = "run `{powrap} {path}` (or `make update-po`), which rewraps without changing any text"
WOULD = re.compile(r"^Would rewrap: (?P<path>.+)$")
HUNK = re.compile(r"^@@ -(?P<start>\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")


def powrap() -> str:
    """The powrap of this virtual environment (falls back to $PATH)."""
    beside = Path(sys.executable).with_name("powrap")
    found = str(beside) if beside.exists() else shutil.which("powrap")
    if not found:
        raise CheckError("powrap is not installed (it is in requirements.txt)")
    return found


def first_changes(diff: list[str]) -> Iterator[tuple[int, str]]:
    """(old line number, old text) of the first changed line of each hunk."""
    line = 0
    reported = False
    for text in diff:
        hunk = HUNK.match(text)
        if hunk:
            line, reported = int(hunk["start"]), False
        elif text.startswith(("---", "+++")) and not line:
            continue
        elif text.startswith(("-", "+")) and line:
            if not reported:
                reported = True
                yield line, text[1:].rstrip("\n")
            if text.startswith("-"):
                line += 1
        elif text.startswith(" ") and line:
            line += 1


def run(project: Project) -> Iterator[Problem]:
    files = [project.rel(p) for p in project.all_po_files()]
    if not files:
        return
    tool = powrap()
    result = subprocess.run([tool, "--diff", "--quiet", *files], capture_output=True,
                            text=True, cwd=project.root)
    if result.returncode == 0:
        return
    if result.returncode != 1:
        raise CheckError(f"powrap failed ({result.returncode}):\n{result.stderr}")
    current: str | None = None
    chunk: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    for text in result.stderr.splitlines():
        match = WOULD.match(text)
        if match:
            if current:
                blocks.append((current, chunk))
            current, chunk = match["path"], []
        elif current:
            chunk.append(text)
    if current:
        blocks.append((current, chunk))
    for path, diff in blocks:
        changes = list(first_changes(diff)) or [(1, "")]
        for line, _ in changes:
            yield Problem(path, line, NAME,
                          "not in canonical layout (line wrapping differs from powrap's)",
                          FIX.format(powrap=".venv/bin/powrap", path=path))
