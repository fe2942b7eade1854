"""hdhkb.speedups.doctrees: French doctrees no longer pickle the build environment."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from helpers import ROOT

SRC = ROOT / "tests" / "roots" / "test-markdown"  # MyST pages with a French catalog


def build(tmp_path: Path, name: str, *, rehome: bool) -> Path:
    src = tmp_path / name
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    app = SphinxTestApp("html", srcdir=src, confoverrides={
        "language": "fr",
        "extensions": ["myst_parser", "hdhkb.speedups.markdown", "hdhkb.speedups.doctrees"],
        "hdhkb_speedups": rehome})
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    assert not app.warning.getvalue(), app.warning.getvalue()
    return Path(app.outdir).parent


def foreign_nodes(doctree: nodes.document) -> list[nodes.Node]:
    """Nodes that point at another document (a translated message's)."""
    return [n for n in doctree.findall(include_self=False)
            if getattr(n, "_document", None) not in (None, doctree)]


def test_pickled_french_doctrees_hold_no_environment(tmp_path):
    fixed = build(tmp_path, "fixed", rehome=True)
    stale = build(tmp_path, "stale", rehome=False)
    for name in ("index", "other"):
        ours = pickle.loads((fixed / "doctrees" / f"{name}.doctree").read_bytes())
        assert not foreign_nodes(ours), name
    # index.md has translated messages with inline markup: their inner nodes went stale
    theirs = pickle.loads((stale / "doctrees" / "index.doctree").read_bytes())
    assert foreign_nodes(theirs), "the test root must show the problem without the fix"
    assert any(n.document.settings.env is not None for n in foreign_nodes(theirs))
    size = (fixed / "doctrees" / "index.doctree").stat().st_size
    assert size < (stale / "doctrees" / "index.doctree").stat().st_size / 2
    for page in ("index.html", "other.html"):
        fixed_html = (fixed / "html" / page).read_text("utf-8")
        assert fixed_html == (stale / "html" / page).read_text("utf-8")
