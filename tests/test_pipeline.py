"""The build pipeline as a person runs it: make targets, strictness, atomic publishing."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT, make

pytestmark = pytest.mark.slow


def _break_link(project: Path) -> int:
    """Add a link to a page that does not exist; return its line number."""
    page = project / "source" / "page.md"
    lines = page.read_text().splitlines()
    at = lines.index("(page-money)=")
    lines.insert(at, "See [the missing page](no-such-page.md) for more.\n")
    page.write_text("\n".join(lines) + "\n")
    return at + 1


def test_broken_link_fails_with_file_and_line_and_publishes_nothing(mini_copy: Path):
    project_copy = mini_copy
    line = _break_link(project_copy)
    result = make(project_copy, "html", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(rf"page\.md:{line}:.*no-such-page", output), output
    assert not (project_copy / "_build" / "html").exists(), "a failed build published a tree"


def test_failed_build_keeps_the_last_good_site(mini_copy: Path):
    project_copy = mini_copy
    make(project_copy, "html")
    html = project_copy / "_build" / "html"
    before = (html / "fr" / "page.html").read_bytes()
    _break_link(project_copy)
    assert make(project_copy, "html", check=False).returncode != 0
    assert (html / "fr" / "page.html").read_bytes() == before
    assert "no-such-page" not in (html / "en" / "page.html").read_text()
    # Unfixed, the next run fails again with the same message: nothing was
    # remembered as done from the failed run.
    again = make(project_copy, "html", check=False)
    assert again.returncode != 0
    assert "page.md" in again.stderr and "no-such-page" in again.stderr, again.stderr
    assert (html / "fr" / "page.html").read_bytes() == before


def test_broken_translation_markup_fails_with_the_catalog_line(mini_copy: Path):
    project_copy = mini_copy
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "page.po"
    text = po.read_text()
    good = 'msgstr "Financement"'
    assert good in text
    line = text[:text.index(good)].count("\n") + 1
    po.write_text(text.replace(good, 'msgstr "Pour [postuler](nulle-part.md)"'))
    result = make(project_copy, "html-fr", check=False)
    assert result.returncode != 0
    # The catalog gate names the msgstr's line (the English page has no such link).
    assert f"locale/fr/LC_MESSAGES/page.po:{line}: [markup]" in result.stderr, result.stderr
    assert "nulle-part" in result.stderr


def test_a_french_only_warning_names_the_catalog_line(mini_copy: Path):
    """What only the French build sees is located at the English page and at the .po line."""
    po = mini_copy / "locale" / "fr" / "LC_MESSAGES" / "page.po"
    text = po.read_text()
    good = 'msgstr "Financement"'
    line = text[:text.index(good)].count("\n") + 1
    po.write_text(text.replace(good, 'msgstr "Pour {nulle-part}`postuler`"'))
    result = make(mini_copy, "html-fr", check=False)
    assert result.returncode != 0
    assert re.search(rf"page\.md:\d+: \[translation: locale/fr/LC_MESSAGES/page\.po:{line}\]"
                     r" .*nulle-part", result.stderr), result.stderr


def test_help_lists_every_target():
    out = subprocess.run(["make", "-C", str(ROOT), "help"], capture_output=True, text=True,
                         check=True)
    listed = set(re.findall(r"^  (\S+)", out.stdout, re.M))
    makefiles = [ROOT / "Makefile", *sorted((ROOT / "mk").glob("*.mk"))]
    declared = set()
    for makefile in makefiles:
        declared |= set(re.findall(r"^([a-z][a-z0-9%-]*):(?!=)", makefile.read_text(), re.M))
    declared = {name.replace("%", "LANG") for name in declared}
    assert declared <= listed, f"targets without a help line: {declared - listed}"
    for needed in ("html", "html-LANG", "gettext", "update-po", "serve", "test", "clean"):
        assert needed in listed


def test_venv_is_refreshed_only_when_requirements_change(project_copy: Path):
    venv = project_copy / "venv-under-test"
    venv.mkdir()
    stamp = venv / ".installed"
    stamp.touch()
    requirements = project_copy / "requirements.txt"
    os.utime(requirements, (stamp.stat().st_mtime - 60,) * 2)
    (venv / "bin").mkdir()
    python = ROOT / ".venv/bin/python"
    target = python.resolve() if python.exists() else Path("/usr/bin/python3")
    (venv / "bin" / "python").symlink_to(target)
    dry = subprocess.run(["make", "-C", str(project_copy), "-n", "venv", f"VENV={venv}"],
                         capture_output=True, text=True, check=True)
    assert "pip install" not in dry.stdout
    os.utime(requirements, (stamp.stat().st_mtime + 60,) * 2)
    dry = subprocess.run(["make", "-C", str(project_copy), "-n", "venv", f"VENV={venv}"],
                         capture_output=True, text=True, check=True)
    assert "pip install" in dry.stdout and "-r requirements.txt" in dry.stdout


def test_gettext_writes_one_pot_per_page(project_copy: Path):
    make(project_copy, "gettext")
    pots = {p.stem for p in (project_copy / "_build" / "gettext").glob("*.pot")}
    pages = {p.stem for p in (project_copy / "source").glob("*.md")}
    assert pages <= pots
    catalogs = {p.stem for p in (project_copy / "locale" / "fr" / "LC_MESSAGES").glob("*.po")}
    assert pages <= catalogs
