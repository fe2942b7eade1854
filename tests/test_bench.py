"""bench/: the synthetic site generator and the page-weight measure (no timings here)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from helpers import ROOT, make, mini_project

sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402
from weight import CHROMIUM, External, browser_weight, page_weight  # noqa: E402

CONF = """
extensions = ["myst_parser"]
html_theme = "furo"
locale_dirs = [{locale!r}]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline", "attrs_block"]
"""


def sphinx(builder: str, src: Path, out: Path, **overrides) -> SphinxTestApp:
    app = SphinxTestApp(builder, srcdir=src, builddir=out, confoverrides=overrides)
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    assert not app.warning.getvalue(), app.warning.getvalue()
    return app


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("synthetic")
    docs = synthetic.generate(dest, 5, standalone=True)
    assert len(docs) == 5
    (dest / "source" / "conf.py").write_text(
        CONF.format(locale=str(dest / "locale")), encoding="utf-8"
    )
    return dest


def test_layout_has_the_requested_pages_in_three_levels():
    docs, tree = synthetic.layout(300)
    assert len(docs) == len(set(docs)) == 300
    assert docs[0] == "syn/index"
    listed = [child for children in tree.values() for child in children]
    assert sorted(listed) == sorted(docs[1:]), "every page but the root is in one toctree"
    assert any(doc.count("/") == 2 for doc in docs)


def test_french_catalogs_are_complete(small_site, tmp_path):
    """Every message Sphinx extracts has a French translation in the generated catalog."""
    sphinx("gettext", small_site / "source", tmp_path / "gettext")
    pots = sorted((tmp_path / "gettext" / "gettext").rglob("*.pot"))
    assert len(pots) == 6  # 5 synthetic pages + the home page
    for pot_path in pots:
        docname = str(pot_path.relative_to(tmp_path / "gettext" / "gettext").with_suffix(""))
        po = polib.pofile(str(small_site / "locale" / "fr" / "LC_MESSAGES" / f"{docname}.po"))
        translated = {e.msgid: e.msgstr for e in po if e.msgstr}
        pot = polib.pofile(str(pot_path))
        assert len(pot) > 0
        missing = [e.msgid for e in pot if e.msgid not in translated]
        assert not missing, f"{docname}: untranslated {missing[:3]}"
        assert len(po) == len(pot), f"{docname}: the catalog has messages the page lacks"


def test_synthetic_site_builds_in_french(small_site, tmp_path):
    sphinx("html", small_site / "source", tmp_path / "fr", language="fr")
    html = tmp_path / "fr" / "html"
    leaf = BeautifulSoup((html / "syn" / "s000" / "p0000.html").read_text("utf-8"), "html.parser")
    assert leaf.h1.get_text().startswith("Sujet ")
    assert leaf.find("table") is not None and leaf.find("ul") is not None
    # cross-links to labels resolve (no broken {ref}) and the headings are French
    assert leaf.select("a.reference.internal span.std-ref")
    assert "Vue d’ensemble du sujet" in leaf.get_text()


@pytest.mark.slow
def test_synthetic_pages_build_in_the_real_pipeline(mini_copy):
    """What make bench does: add synthetic pages to a copy and run the strict make html
    (on the four-page copy: the pipeline is the real one)."""
    synthetic.generate(mini_copy, 4)
    make(mini_copy, "html")
    for lang, title in (("en", "Topic 1"), ("fr", "Sujet 1")):
        page = mini_copy / "_build" / "html" / lang / "syn" / "index.html"
        assert BeautifulSoup(page.read_text("utf-8"), "html.parser").h1.get_text().startswith(title)


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """A page naming a stylesheet (with an import, a font and images), a script, an image."""
    files = {
        "en/index.html": """<!doctype html><html><head>
<link rel="stylesheet" href="_static/main.css?digest=abc">
<link rel="icon" href="/favicon.png">
<link rel="canonical" href="https://example.org/en/">
<link rel="alternate" hreflang="fr" href="../fr/index.html">
<script src="_static/app.js"></script>
<style>header { background: url("_static/head.png") }</style>
</head><body><header>Top</header><p>Text</p><img src="img/photo.png" alt="">
<a href="other.html">not loaded</a></body></html>""",
        "en/other.html": "<html>not loaded</html>",
        "en/_static/main.css": """@import "extra.css";
/* url(commented.png) is not loaded */
@font-face { font-family: F;
  src: url(fonts/f.woff2) format("woff2"), url(fonts/f.woff) format("woff"); }
body { font-family: F; background: url("../img/bg.png"); }
.icon { mask-image: url('data:image/svg+xml;charset=utf-8,<svg/>'); }""",
        "en/_static/extra.css": "html { background-image: url(pattern.png); }",
        "en/_static/app.js": "console.log(1);",
        "en/_static/unused.js": "x" * 500,
        "en/_static/head.png": "h" * 11,
        "en/_static/pattern.png": "p" * 13,
        "en/_static/fonts/f.woff2": "w" * 1000,
        "en/_static/fonts/f.woff": "v" * 2000,
        "en/img/photo.png": "i" * 300,
        "en/img/bg.png": "b" * 70,
        "favicon.png": "f" * 40,
    }
    for name, text in files.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "site"


LOADED = [
    "en/index.html", "en/_static/main.css", "en/_static/extra.css", "en/_static/fonts/f.woff2",
    "en/img/bg.png", "en/_static/pattern.png", "favicon.png", "en/_static/app.js",
    "en/_static/head.png", "en/img/photo.png",
]


def test_page_weight_sums_what_a_first_visit_loads(tiny_site):
    files = page_weight(tiny_site / "en" / "index.html", tiny_site)
    assert sorted(str(p.relative_to(tiny_site)) for p in files) == sorted(LOADED)
    assert sum(files.values()) == sum((tiny_site / name).stat().st_size for name in LOADED)


def test_page_weight_refuses_third_party_requests(tiny_site):
    page = tiny_site / "en" / "index.html"
    page.write_text(page.read_text().replace(
        "</head>", '<link rel="stylesheet" href="https://fonts.example.com/x.css"></head>'))
    with pytest.raises(External, match="fonts.example.com"):
        page_weight(page, tiny_site)


def test_page_weight_fails_on_a_missing_file(tiny_site):
    (tiny_site / "en" / "img" / "photo.png").unlink()
    with pytest.raises(FileNotFoundError):
        page_weight(tiny_site / "en" / "index.html", tiny_site)


@pytest.mark.browser
def test_chromium_loads_the_same_bytes(tiny_site):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI")
        pytest.skip(f"no {CHROMIUM}")
    # Our fake font files are not fonts: Chromium would go on to the next source.
    css = tiny_site / "en" / "_static" / "main.css"
    css.write_text(css.read_text().replace(', url(fonts/f.woff) format("woff")', ""))
    assert "f.woff)" not in css.read_text()
    measured = browser_weight(tiny_site, ["en/index.html"])["en/index.html"]
    assert measured == sum(page_weight(tiny_site / "en" / "index.html", tiny_site).values())


def test_make_help_lists_bench():
    out = subprocess.run(["make", "-C", str(ROOT), "help"], capture_output=True, text=True,
                         check=True).stdout
    assert "bench" in out and "REPEAT" in out


@pytest.mark.slow
def test_make_bench_runs_end_to_end(tmp_path):
    """One quick round of every measurement: table, targets, JSON (no timing is checked).

    On the four-page copy of the project (``--project``, ``--page``): what is tested
    is the benchmark's machinery, with every build it makes.
    """
    out = tmp_path / "bench"
    mini = mini_project(tmp_path / "mini")
    result = make(ROOT, "bench", REPEAT="1", BENCH_SIZES="5",
                  BENCH_ARGS=f"--out {out} --project {mini} --page page", timeout=900)
    table = (out / "table.md").read_text()
    assert table.strip() in result.stdout
    for row in ("cold bilingual make html", "cold bilingual make html, speed-ups off",
                "cold bare sphinx-build (en)",
                "cold bare build (en) through python -m hdhkb build", "no-op make html",
                "edit page.md", "edit page.md, speed-ups off", "edit fr page.po",
                "+5 synthetic pages", "first visit fr/page (files)",
                "cold bilingual make pdf (HTML + PDF)", "render fr/pdf/knowledge-base-fr.pdf",
                "render en/pdf/page-en.pdf", "no-op make pdf", "edit page.md, make pdf",
                "edit fr page.po, make pdf"):
        assert row in table, row
    verdicts = re.findall(r"^(PASS|FAIL)  (.+?):", table, flags=re.MULTILINE)
    assert [name for _, name in verdicts] == [
        "cold bilingual / bare single-language, wall",
        "one-page edit visible in both languages",
        "cold bilingual HTML + PDF / cold make html, wall",
        "one-page edit visible in both languages' PDFs (make pdf)",
        "first-visit weight (heaviest",
    ]  # the scaling target needs two sizes
    assert "speed-ups off:" in table
    data = json.loads((out / "bench.json").read_text())
    assert len(data["cold"]["tuned"]["runs"]) == 1
    assert data["weight"]["browser"]["fr/page.html"] == data["weight"]["fr/page"]["bytes"]
