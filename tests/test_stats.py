"""``make stats`` / ``python -m hdhkb stats``: counts per page, JSON, word diffs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hdhkb.catalogs import terminal_diff, word_diff
from helpers import ROOT

FIXTURE = ROOT / "tests" / "roots" / "test-translation-status" / "locale"


def stats(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hdhkb", "stats", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_word_diff_marks_only_the_changed_words() -> None:
    chunks = word_diff("It works with many partners.", "It works with several partners.")
    assert chunks == [("equal", "It works with "), ("delete", "many "),
                      ("insert", "several "), ("equal", "partners.")]
    assert terminal_diff(chunks) == "It works with [-many-] {+several+} partners."
    assert "".join(t for op, t in chunks if op != "delete") == "It works with several partners."


def test_counts_per_page_and_total() -> None:
    result = stats("--locale-dir", str(FIXTURE), "fr")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:7]}
    assert rows["half"].split() == ["half", "2", "(", "50.0", "%)", "0", "(", "0.0", "%)",
                                    "2", "(", "50.0", "%)", "4"]
    assert rows["stale"].split()[1:] == ["2", "(", "66.7", "%)", "1", "(", "33.3", "%)",
                                         "0", "(", "0.0", "%)", "3"]
    # complete: its sentence, title, toctree caption and toctree entry title
    assert rows["complete"].split()[1] == "4" and rows["complete"].split()[-1] == "4"
    assert "TOTAL" in result.stdout
    # The stale message: where it is, and what the editor changed.
    stale_po = FIXTURE / "fr" / "LC_MESSAGES" / "stale.po"
    line = next(number for number, text in enumerate(stale_po.read_text().splitlines(), 1)
                if text.startswith('msgid "This sentence was rewritten'))
    assert f"{stale_po}:{line}: fuzzy: the English changed" in result.stdout
    assert "[-written-] {+rewritten+}" in result.stdout
    assert "{+editor after translation.+}" in result.stdout


def test_json_for_tools() -> None:
    result = stats("--locale-dir", str(FIXTURE), "--json", "fr")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "fr"
    pages = {page["page"]: page for page in data["pages"]}
    assert set(pages) == {"index", "half", "stale", "complete", "status"}
    half = pages["half"]
    assert (half["translated"], half["fuzzy"], half["untranslated"], half["total"]) == (2, 0, 2, 4)
    assert half["percent_translated"] == 50.0
    (stale,) = pages["stale"]["stale"]
    assert stale["previous"] == "This sentence was written by an editor."
    assert ["insert", "rewritten "] in stale["diff"]
    total = data["total"]
    assert total["total"] == sum(p["total"] for p in data["pages"]) == 13
    assert (total["translated"], total["fuzzy"], total["untranslated"]) == (10, 1, 2)


def test_missing_language_fails_naming_the_folder() -> None:
    result = stats("--locale-dir", str(FIXTURE), "de")
    assert result.returncode == 1
    assert "de: no LC_MESSAGES folder" in result.stderr


@pytest.mark.parametrize("args", [["fr"], ["--json", "fr"]])
def test_project_catalogs(args: list[str]) -> None:
    """The real catalogs: every page catalog is listed, no crash."""
    result = stats(*args)
    assert result.returncode == 0, result.stderr
    names = {p.stem for p in (ROOT / "locale" / "fr" / "LC_MESSAGES").glob("*.po")} - {"sphinx"}
    for name in names:
        assert name in result.stdout
