"""hdhkb.speedups as a whole: the real site is the same with every patch off.

Each patch also has canary tests of its own, ``tests/test_<patch>.py``: they
fail when upstream changes under the patch (furo's exact toctree call, MyST's
renderer set-up, docutils' node references, Jinja's bytecode cache) or stops
needing it (the doctrees one shows the problem without the fix).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hdhkb import speedups
from helpers import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", speedups.PATCHES)
def test_every_patch_has_its_canary_tests(name: str):
    canary = ROOT / "tests" / f"test_{name}.py"
    assert canary.is_file(), f"hdhkb.speedups.{name} has no {canary.relative_to(ROOT)}"
    assert f"hdhkb.speedups.{name}" in canary.read_text(encoding="utf-8")


def build(tmp_path: Path, language: str, on: bool) -> tuple[Path, Path]:
    out, doctrees = tmp_path / f"html-{int(on)}", tmp_path / f"doctrees-{int(on)}"
    result = subprocess.run(
        [sys.executable, "-m", "hdhkb.sphinxbuild", "-c", str(ROOT), "-n", "-W", "-q",
         "-b", "html", "-D", f"language={language}", "-D", f"hdhkb_speedups={int(on)}",
         "-D", f"hdhkb_template_cache={tmp_path / 'templates'}",
         "-d", str(doctrees), str(ROOT / "source"), str(out)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out, doctrees


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_real_site_is_identical_without_speedups(tmp_path: Path, language: str):
    """Every file of each language (pages, search index, sitemap, feeds), patches on and off."""
    trees, doctrees = {}, {}
    for on in (True, False):
        out, doctrees[on] = build(tmp_path, language, on)
        trees[on] = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*")
                     if p.is_file() and p.name != ".buildinfo"}
    assert {"posting.html", "searchindex.js", "sitemap.xml"} <= trees[True].keys()
    assert trees[True].keys() == trees[False].keys()
    differ = [name for name in trees[True] if trees[True][name] != trees[False][name]]
    assert not differ, f"{language}: the speed-ups change {differ}"
    if language == "fr":  # the switch switched: the French doctrees are lighter with them
        size = {on: (doctrees[on] / "posting.doctree").stat().st_size for on in doctrees}
        assert size[True] < size[False] / 2, size
