"""hdhkb.speedups.navigation: furo's navigation, once per build, byte-for-byte furo's output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from hdhkb.speedups.navigation import NavigationCache
from helpers import ROOT

SRC = ROOT / "tests" / "roots" / "test-navigation"


def build(tmp_path: Path, name: str, *, cache: bool, builder: str = "html",
          parallel: int = 0, edit=None):
    """Build a fresh copy of the test root; return (app, output folder).

    Each app is cleaned up at once (docutils' registries are global), so
    several builds can be compared in one test.
    """
    src = tmp_path / name
    shutil.copytree(SRC, src)
    if edit:
        edit(src)
    app = SphinxTestApp(builder, srcdir=src, parallel=parallel,
                        confoverrides={"hdhkb_speedups": cache})
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    assert not app.warning.getvalue(), app.warning.getvalue()
    return app, Path(app.outdir)


def cache_of(app) -> NavigationCache:
    for listener in app.events.listeners["html-page-context"]:
        owner = getattr(listener.handler, "__self__", None)
        if isinstance(owner, NavigationCache):
            return owner
    raise AssertionError("hdhkb.speedups.navigation is not connected")


def html_files(outdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(outdir)): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def nav(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one(".sidebar-tree")


def assert_same_pages(ours: Path, furo: Path) -> dict[str, str]:
    pages, reference = html_files(ours), html_files(furo)
    assert sorted(pages) == sorted(reference)
    for name, html in pages.items():
        assert html == reference[name], f"{name} differs from furo's own output"
    return pages


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("navigation")
    ours_app, ours = build(tmp, "ours", cache=True)
    _, furo = build(tmp, "furo", cache=False)
    return ours_app, ours, furo


def test_every_page_is_identical_to_furos(builds):
    ours_app, ours, furo = builds
    pages = assert_same_pages(ours, furo)
    served = cache_of(ours_app).served
    assert served == len(pages), "the cache must have rendered every page's navigation"


def test_current_page_marking(builds):
    _, ours, _ = builds
    tree = nav((ours / "guide" / "deep" / "leaf.html").read_text(encoding="utf-8"))
    current = tree.select("li.current-page")
    assert [li.a.get_text() for li in current] == ["Deep leaf"]
    assert current[0].a["href"] == "#"
    # every ancestor is current, its toggle checked; the rest are collapsed
    expanded = [li.a.get_text() for li in tree.select("li.current.has-children")]
    assert expanded == ["Guide start", "Deep section"]
    for li in tree.select("li.has-children"):
        checkbox = li.find("input", recursive=False)
        assert checkbox.has_attr("checked") == ("current" in li["class"])
    assert [c.get_text() for c in tree.select("p.caption")] == ["Guide", "Reference"]
    # links are relative to this page's folder
    hrefs = {a.get_text(): a["href"] for a in tree.select("a.reference")}
    assert hrefs["Second page"] == "../second.html"
    assert hrefs["Terms"] == "../../reference/terms.html"
    assert hrefs["External site"] == "https://example.org/"
    assert hrefs["About"] == "../../about.html"


def test_pages_outside_the_tree_have_no_current_branch(builds):
    _, ours, _ = builds
    for page in ("orphan.html", "genindex.html", "search.html"):
        tree = nav((ours / page).read_text(encoding="utf-8"))
        assert not tree.select(".current"), page
        assert not tree.select("input[checked]"), page


def test_parallel_build_matches_furo(builds, tmp_path):
    _, _, furo = builds
    app, ours = build(tmp_path, "parallel", cache=True, parallel=3)
    assert app.builder.parallel_ok
    assert_same_pages(ours, furo)


def test_dirhtml_matches_furo(tmp_path):
    _, ours = build(tmp_path, "ours", cache=True, builder="dirhtml")
    _, furo = build(tmp_path, "furo", cache=False, builder="dirhtml")
    assert_same_pages(ours, furo)


def test_sites_it_cannot_reproduce_are_left_to_furo(tmp_path):
    def tocdepth(src: Path) -> None:
        page = src / "guide" / "first.rst"
        page.write_text(":tocdepth: 1\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")

    app, ours = build(tmp_path, "ours", cache=True, edit=tocdepth)
    _, furo = build(tmp_path, "furo", cache=False, edit=tocdepth)
    assert cache_of(app).unsupported
    assert cache_of(app).served == 0
    assert_same_pages(ours, furo)
