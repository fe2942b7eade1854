"""Gate ``drift``: a page edited without ``make update-po`` fails, naming page and message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hdhkb.tools import check as runner
from helpers import ROOT

NEW = "A sentence that no translator has seen yet, added for this test."


def check(capsys: pytest.CaptureFixture[str], root: Path, *gates: str) -> tuple[int, str]:
    code = runner.main(["--only", *gates, "--root", str(root)])
    return code, capsys.readouterr().out


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_drift_passes_on_the_project(capsys):
    code, out = check(capsys, ROOT, "drift")
    assert (code, out) == (0, "")


def test_new_english_paragraph_without_update_po_fails(project_copy: Path, capsys):
    page = project_copy / "source" / "posting.md"
    page.write_text(page.read_text() + f"\n{NEW}\n")
    code, out = check(capsys, project_copy, "drift")
    assert code == 1
    line = line_of(page, NEW)
    assert re.search(rf"^source/posting\.md:{line}: \[drift\] message 'A sentence that no "
                     r"translator.*' is not in locale/fr/LC_MESSAGES/posting\.po — run "
                     r"`make update-po`", out, re.M), out


def test_message_gone_from_the_source_fails_at_its_catalog_line(project_copy: Path, capsys):
    catalog = project_copy / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    catalog.write_text(catalog.read_text() + '\nmsgid "An English sentence since removed."\n'
                       'msgstr "Une phrase anglaise supprimée depuis."\n')
    code, out = check(capsys, project_copy, "drift")
    assert code == 1
    line = line_of(catalog, 'msgid "An English sentence since removed."')
    assert (f"locale/fr/LC_MESSAGES/index.po:{line}: [drift] message 'An English sentence "
            "since removed.' is no longer in source/index") in out


def test_page_without_catalog_and_catalog_without_page(project_copy: Path, capsys):
    (project_copy / "source" / "extra.md").write_text("# Extra page\n\nSome text.\n")
    catalogs = project_copy / "locale" / "fr" / "LC_MESSAGES"
    (catalogs / "gone.po").write_text((catalogs / "index.po").read_text())
    code, out = check(capsys, project_copy, "drift")
    assert code == 1
    assert "source/extra.md:1: [drift] page 'extra' has no French catalog" in out
    assert "locale/fr/LC_MESSAGES/gone.po:1: [drift] catalog of a page that no longer exists" in out
