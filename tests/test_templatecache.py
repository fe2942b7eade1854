"""hdhkb.speedups.templatecache: one build's compiled templates serve the next language's."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from helpers import ROOT

SRC = ROOT / "tests" / "roots" / "test-templatecache"


def build(src: Path, out: Path, cache: Path | None, language: str = "en") -> str:
    overrides = {"language": language}
    if cache is not None:
        overrides["hdhkb_template_cache"] = str(cache)
    app = SphinxTestApp("html", srcdir=src, builddir=out, confoverrides=overrides)
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    assert not app.warning.getvalue(), app.warning.getvalue()
    return (Path(app.outdir) / "index.html").read_text("utf-8")


def entries(cache: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}


def project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SRC, src)
    return src


def test_a_second_build_loads_the_compiled_templates(tmp_path):
    src, cache = project(tmp_path), tmp_path / "cache"
    first = build(src, tmp_path / "one", cache)
    compiled = entries(cache)
    assert len(compiled) >= 2  # our layout.html and the theme's it extends
    second = build(src, tmp_path / "two", cache)
    assert entries(cache) == compiled  # loaded, not compiled and written again
    assert second == first == build(src, tmp_path / "none", None)
    assert 'id="mark">Mark one' in second


def test_the_other_language_uses_them_and_stays_translated(tmp_path):
    src, cache = project(tmp_path), tmp_path / "cache"
    build(src, tmp_path / "en", cache)
    compiled = entries(cache)
    french = build(src, tmp_path / "fr", cache, language="fr")
    assert entries(cache) == compiled
    assert french == build(src, tmp_path / "fr-none", None, language="fr")
    assert "Recherche" in french  # Sphinx's French interface, looked up at render time


def test_an_edited_template_is_compiled_again(tmp_path):
    src, cache = project(tmp_path), tmp_path / "cache"
    build(src, tmp_path / "one", cache)
    before = entries(cache)
    layout = src / "_templates" / "layout.html"
    layout.write_text(layout.read_text().replace("Mark one", "Mark two"))
    html = build(src, tmp_path / "two", cache)
    assert 'id="mark">Mark two' in html
    after = entries(cache)
    assert [name for name in after if after[name] != before.get(name)], "nothing recompiled"


def test_no_folder_no_cache(tmp_path):
    src = project(tmp_path)
    build(src, tmp_path / "out", None)
    assert not (tmp_path / "cache").exists()
    assert sorted(p.name for p in src.iterdir()) == ["_templates", "conf.py", "index.md"]
