"""Gate ``complete``: fuzzy or untranslated French fails, unless partial translations are on."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.tools import check as runner
from helpers import ROOT


def check(capsys: pytest.CaptureFixture[str], root: Path, *gates: str) -> tuple[int, str]:
    code = runner.main(["--only", *gates, "--root", str(root)])
    return code, capsys.readouterr().out


def lines(capsys: pytest.CaptureFixture[str], root: Path, gate: str) -> set[str]:
    return set(check(capsys, root, gate)[1].splitlines())


def test_complete_passes_on_the_project(capsys):
    code, out = check(capsys, ROOT, "complete")
    assert (code, out) == (0, "")


def test_fuzzy_and_untranslated_fail_with_their_lines(project_copy: Path, capsys):
    before = lines(capsys, project_copy, "complete")  # the copy's own state, whatever it is
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    text = po.read_text()
    po.write_text(text + '\n#, fuzzy\nmsgid "Stale sentence"\nmsgstr "Phrase périmée"\n'
                  '\nmsgid "New sentence"\nmsgstr ""\n')
    text_lines = po.read_text().splitlines()
    fuzzy = text_lines.index('msgid "Stale sentence"') + 1
    untranslated = text_lines.index('msgid "New sentence"') + 1
    code, out = check(capsys, project_copy, "complete")
    assert code == 1
    assert (f"locale/fr/LC_MESSAGES/index.po:{fuzzy}: [complete] fuzzy (the English changed): "
            "'Stale sentence' — update the French") in out
    assert (f"locale/fr/LC_MESSAGES/index.po:{untranslated}: [complete] untranslated: "
            "'New sentence' — write the French in msgstr") in out
    assert len(set(out.splitlines()) - before) == 2


def test_allowed_partial_translations_pass(project_copy: Path, capsys):
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text() + '\nmsgid "New sentence"\nmsgstr ""\n')
    conf = project_copy / "conf.py"
    conf.write_text(conf.read_text() + "\nhdhkb_allow_partial_translations = True\n")
    assert check(capsys, project_copy, "complete") == (0, "")



def test_an_untranslated_interface_string_fails(project_copy: Path, capsys):
    po = project_copy / "hdhkb" / "locale" / "fr" / "LC_MESSAGES" / "sphinx.po"
    text = po.read_text(encoding="utf-8") + '\nmsgid "Brand new button"\nmsgstr ""\n'
    po.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgid "Brand new button"') + 1
    code, out = check(capsys, project_copy, "complete")
    assert code == 1
    assert (f"hdhkb/locale/fr/LC_MESSAGES/sphinx.po:{line}: [complete] untranslated: "
            "'Brand new button'") in out
