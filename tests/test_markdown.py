"""hdhkb.speedups.markdown: reusing markdown-it parsers changes nothing in the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RstParser
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx.testing.util import SphinxTestApp

from hdhkb.speedups.markdown import ReusableRenderer
from helpers import ROOT

SRC = ROOT / "tests" / "roots" / "test-markdown"


def build(tmp_path: Path, name: str, *, reuse: bool, language: str = "fr") -> tuple[Path, type]:
    src = tmp_path / name
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    app = SphinxTestApp("html", srcdir=src, confoverrides={
        "hdhkb_speedups": reuse, "language": language})
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    assert not app.warning.getvalue(), app.warning.getvalue()
    return Path(app.outdir), app.registry.source_parsers["markdown"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_are_identical_with_and_without_reuse(tmp_path, language):
    ours, parser = build(tmp_path, "reuse", reuse=True, language=language)
    theirs, _ = build(tmp_path, "myst", reuse=False, language=language)
    pages = sorted(p.relative_to(ours) for p in ours.rglob("*.html"))
    assert [str(p) for p in pages] == ["genindex.html", "index.html", "other.html", "search.html"]
    for page in pages:
        assert (ours / page).read_text("utf-8") == (theirs / page).read_text("utf-8"), page
    # one parser served every message of the pages without front matter
    assert len(parser.pool.idle) == 1


def test_french_messages_are_parsed_as_markdown(tmp_path):
    out, _ = build(tmp_path, "reuse", reuse=True)
    index = (out / "index.html").read_text("utf-8")
    assert "Un paragraphe avec <em>emphase</em>" in index
    assert "Premier élément avec du texte <strong>fort</strong>" in index
    assert "Sa définition, par the team." in index
    other = (out / "other.html").read_text("utf-8")
    # Sphinx parses a message without its page's front matter (myst's own path too)
    assert "L’en-tête fixe the team pour cette page seulement." in other


def test_front_matter_gets_a_parser_of_its_own(tmp_path):
    out, _ = build(tmp_path, "en", reuse=True, language="en")
    assert "Front matter sets this page for this page only." in (out / "other.html").read_text()
    assert "Its definition, by the team." in (out / "index.html").read_text()


def test_setup_render_matches_myst():
    """Our setup_render leaves the renderer exactly as myst's own would."""
    config = MdParserConfig()
    document = new_document("test", get_default_settings(RstParser))
    options = {"document": document, "myst_config": config}
    states = []
    for renderer_class in (SphinxRenderer, ReusableRenderer):
        renderer = create_md_parser(config, renderer_class).renderer
        renderer.setup_render(options, {"env": 1})
        state = dict(vars(renderer))
        for key in ("md", "rules"):  # bound to the instance
            state.pop(key)
        states.append(state)
    assert states[0].keys() == states[1].keys()
    assert states[0] == states[1]
