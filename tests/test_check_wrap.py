"""Gate ``wrap``: a catalog not in powrap's canonical layout fails at the first changed line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.check.wrap import first_changes
from hdhkb.tools import check as runner
from helpers import ROOT


def check(capsys: pytest.CaptureFixture[str], root: Path, *gates: str) -> tuple[int, str]:
    code = runner.main(["--only", *gates, "--root", str(root)])
    return code, capsys.readouterr().out


def test_wrap_passes_on_the_project(capsys):
    code, out = check(capsys, ROOT, "wrap")
    assert (code, out) == (0, "")


def test_long_line_fails_where_it_starts(project_copy: Path, capsys):
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    long = "Une phrase bien trop longue pour tenir sur une seule ligne de catalogue. " * 3
    po.write_text(po.read_text() + f'\nmsgid "Long"\nmsgstr "{long.strip()}"\n')
    line = len(po.read_text().splitlines())
    code, out = check(capsys, project_copy, "wrap")
    assert code == 1
    assert (f"locale/fr/LC_MESSAGES/index.po:{line}: [wrap] not in canonical layout "
            "(line wrapping differs from powrap's) — run `.venv/bin/powrap "
            "locale/fr/LC_MESSAGES/index.po`") in out


def test_first_changes_counts_old_lines():
    diff = ["--- ", "+++ ", "@@ -10,4 +10,5 @@", " a", " b", "-c", "+c1", "+c2", " d",
            "@@ -40,2 +41,2 @@", "-x", "+y"]
    assert list(first_changes(diff)) == [(12, "c"), (40, "x")]
