"""Gate ``consistency``: one English message has one French wording in every catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdhkb.tools import check as runner
from helpers import ROOT

SENTENCE = "Identify the best treatment options for sarcoma, in every hospital."


def check(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str, str]:
    code = runner.main(["--only", "consistency", "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def add(root: Path, page: str, msgid: str, msgstr: str) -> tuple[str, int]:
    """Append a translated entry to a page's catalog; return its path and msgid line."""
    po = root / "locale" / "fr" / "LC_MESSAGES" / f"{page}.po"
    po.write_text(po.read_text(encoding="utf-8") + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n',
                  encoding="utf-8")
    line = po.read_text(encoding="utf-8").splitlines().index(f'msgid "{msgid}"') + 1
    return f"locale/fr/LC_MESSAGES/{page}.po", line


def test_consistency_passes_on_the_project(capsys):
    code, out, _ = check(capsys, ROOT)
    assert (code, out) == (0, "")


def test_same_english_different_french_fails_naming_both_lines(project_copy: Path, capsys):
    first, first_line = add(project_copy, "hdh", SENTENCE,
                            "Identifier les meilleurs schémas thérapeutiques du sarcome.")
    second, second_line = add(project_copy, "posting", SENTENCE,
                              "Identifier les meilleures options thérapeutiques du sarcome.")
    code, out, _ = check(capsys, project_copy)
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(f"{second}:{second_line}: [consistency] same English as "
                           f"{first}:{first_line} ")
    assert "meilleures options" in line and "meilleurs schémas" in line
    assert f"edit this entry or {first}:{first_line}" in line


def test_same_french_or_only_wrapping_differs_passes(project_copy: Path, capsys):
    add(project_copy, "hdh", SENTENCE, "Identifier les meilleurs schémas thérapeutiques.")
    add(project_copy, "posting", SENTENCE, "Identifier les  meilleurs schémas thérapeutiques.")
    assert check(capsys, project_copy)[:2] == (0, "")


def test_near_identical_english_with_drifted_french_is_for_review(project_copy: Path, capsys):
    one = add(project_copy, "hdh", SENTENCE, "Identifier les meilleurs schémas thérapeutiques.")
    other = add(project_copy, "posting", SENTENCE.replace("every", "each"),
                "Trouver, dans chaque établissement, les traitements les plus efficaces.")
    code, out, err = check(capsys, project_copy)
    assert (code, out) == (0, "")  # reported, not failed
    (note,) = [line for line in err.splitlines() if "Identify the best" in line]
    where = {f"{path}:{line}" for path, line in (one, other)}
    assert {note.split(": [")[0], note.split(" alike with ")[1].split(" ")[0]} == where
    assert "[consistency] review: English 9" in note and "French only" in note
    assert "check consistency: ok, " in err
