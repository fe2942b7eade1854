"""``python -m hdhkb links``: every internal link and anchor of the published tree resolves.

The real site (the session ``site`` build) must pass; copies of it, each broken
in one way a reader would meet (a page gone, an anchor renamed, the language
switcher or an alternate pointing nowhere, an asset gone, a sitemap entry
wrong, the root chooser wrong), must fail, naming the page, the link and why.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hdhkb.tools.check_links import check, configured_base_url
from helpers import LANGUAGES, ROOT, pages, soup

BASE = configured_base_url(ROOT)


@pytest.fixture
def tree(site: Path, tmp_path: Path) -> Path:
    """A throw-away copy of the published tree, to break."""
    return Path(shutil.copytree(site, tmp_path / "html"))


def problems(root: Path, base: str = BASE) -> list[str]:
    found, _ = check(root, base)
    return [str(problem) for problem in found]


def rewrite(path: Path, change: Callable[[BeautifulSoup], None]) -> None:
    page = soup(path)
    change(page)
    path.write_text(str(page), encoding="utf-8")


def internal_link(root: Path, language: str, *, with_fragment: bool) -> tuple[str, str]:
    """(page, href) of a link from one page of the site to another one."""
    for page in pages(root, language):
        for a in soup(root / language / page).select("a.reference.internal[href]"):
            target, _, fragment = a["href"].partition("#")
            if target and target != page and "/" not in target and bool(fragment) == with_fragment:
                return page, a["href"]
    pytest.fail(
        f"no internal link {'with' if with_fragment else 'without'} a #fragment in {language}"
    )


def switcher(page: BeautifulSoup, language: str):
    """The switcher's link to *language*, or a simulated one if the theme has none."""
    link = page.select_one(f'a[hreflang="{language}"]')
    if link is None:  # no switcher yet: simulate one, as the switcher would write it
        link = page.new_tag("a", href=f"../{language}/index.html", hreflang=language, lang=language)
        page.body.insert(0, link)
    return link


def alternate(page: BeautifulSoup, language: str):
    link = page.select_one(f'link[rel="alternate"][hreflang="{language}"]')
    if link is None:  # no alternates yet: add one as the theme would
        link = page.new_tag("link", rel="alternate", hreflang=language, href=f"{BASE}{language}/")
        page.head.append(link)
    return link


# -- the real site ------------------------------------------------------------


def test_the_real_site_passes(site: Path):
    found, checked = check(site, BASE)
    assert [str(p) for p in found] == []
    expected = sum(len(pages(site, language)) for language in LANGUAGES) + 1  # + the chooser
    assert checked >= expected


def test_the_cli_passes_on_the_real_site(site: Path):
    result = subprocess.run(
        [sys.executable, "-m", "hdhkb", "check-links", str(site), "--confdir", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "every internal link resolves" in result.stdout


def test_a_wrong_base_url_flags_every_absolute_address(site: Path):
    """Canonical, alternates and sitemap entries must point into the site itself."""
    found = problems(site, "https://elsewhere.example/")
    assert found, "absolute URLs of the real site were not checked"
    assert all("not under the site's base URL" in p for p in found), found[:5]
    for language in LANGUAGES:
        flagged = {p.split(":")[0] for p in found}
        assert f"{language}/index.html" in flagged  # canonical (and alternates)
        if (site / language / "sitemap.xml").is_file():
            assert f"{language}/sitemap.xml" in flagged


# -- broken copies ------------------------------------------------------------


def test_a_missing_page(tree: Path):
    page, href = internal_link(tree, "fr", with_fragment=False)
    (tree / "fr" / href).unlink()
    found = problems(tree)
    assert any(
        re.match(
            rf'fr/{re.escape(page)}:\d+: <a href="{re.escape(href)}">: '
            rf"target fr/{re.escape(href)} does not exist$",
            p,
        )
        for p in found
    ), found
    # The other language's switcher to that page dies too.
    assert any(p.startswith(f"en/{href}:") and f"../fr/{href}" in p for p in found), found


def test_a_missing_anchor(tree: Path):
    page, href = internal_link(tree, "en", with_fragment=True)
    target, _, fragment = href.partition("#")
    rewrite(
        tree / "en" / target, lambda s: s.find(id=fragment).attrs.update(id=f"{fragment}-renamed")
    )
    found = problems(tree)
    assert any(
        re.match(
            rf'en/{re.escape(page)}:\d+: <a href="{re.escape(href)}">: '
            rf'no id="{re.escape(fragment)}" in en/{re.escape(target)}$',
            p,
        )
        for p in found
    ), found


def test_a_missing_anchor_on_the_same_page(tree: Path):
    rewrite(
        tree / "fr" / "index.html", lambda s: s.select_one("#furo-main-content").attrs.pop("id")
    )
    found = problems(tree)
    assert any(
        re.match(
            r'fr/index.html:\d+: <a href="#furo-main-content">: '
            r'no id="furo-main-content" in fr/index.html$',
            p,
        )
        for p in found
    ), found


def test_a_switcher_link_to_nowhere(tree: Path):
    rewrite(
        tree / "fr" / "index.html",
        lambda s: switcher(s, "en").attrs.update(href="../en/nulle-part.html"),
    )
    found = problems(tree)
    assert any(
        re.match(
            r'fr/index.html:\d+: <a href="../en/nulle-part.html">: '
            r"target en/nulle-part.html does not exist$",
            p,
        )
        for p in found
    ), found


def test_a_broken_asset(tree: Path):
    page = soup(tree / "en" / "index.html")
    href = page.select_one('link[rel="stylesheet"]')["href"]
    asset = href.split("?")[0]
    (tree / "en" / asset).unlink()
    found = problems(tree)
    assert any(
        re.match(
            rf'en/index.html:\d+: <link href="{re.escape(href)}">: '
            rf"target en/{re.escape(asset)} does not exist$",
            p,
        )
        for p in found
    ), found


def test_a_broken_alternate(tree: Path):
    url = f"{BASE}fr/nulle-part.html"
    rewrite(tree / "en" / "index.html", lambda s: alternate(s, "fr").attrs.update(href=url))
    found = problems(tree)
    assert any(
        re.match(
            rf'en/index.html:\d+: <link href="{re.escape(url)}">: '
            r"target fr/nulle-part.html does not exist$",
            p,
        )
        for p in found
    ), found


def test_an_alternate_outside_the_site(tree: Path):
    url = "https://elsewhere.example/fr/index.html"
    rewrite(tree / "en" / "index.html", lambda s: alternate(s, "fr").attrs.update(href=url))
    found = problems(tree)
    assert any(
        re.match(
            rf'en/index.html:\d+: <link href="{re.escape(url)}">: '
            r"not under the site's base URL",
            p,
        )
        for p in found
    ), found


def test_a_broken_sitemap_entry(tree: Path):
    sitemap = tree / "en" / "sitemap.xml"
    if not sitemap.is_file():  # no sitemap yet: write one as sphinx-sitemap would
        sitemap.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">\n<url><loc>{BASE}en/index.html</loc></url>\n</urlset>\n'
        )
    text = sitemap.read_text()
    good = f"{BASE}en/index.html"
    assert good in text
    sitemap.write_text(text.replace(f"<loc>{good}</loc>", f"<loc>{BASE}en/nowhere.html</loc>"))
    found = problems(tree)
    assert any(
        re.match(
            rf"en/sitemap.xml:\d+: <loc>{re.escape(BASE)}en/nowhere.html</loc>: "
            r"target en/nowhere.html does not exist$",
            p,
        )
        for p in found
    ), found


def test_a_robots_sitemap_line_to_nowhere(tree: Path):
    (tree / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {BASE}nowhere.xml\n")
    found = problems(tree)
    assert f"robots.txt:3: Sitemap: {BASE}nowhere.xml: target nowhere.xml does not exist" in found


def test_the_root_chooser(tree: Path):
    rewrite(
        tree / "index.html", lambda s: s.select_one('a[hreflang="fr"]').attrs.update(href="de/")
    )
    found = problems(tree)
    assert any(
        re.match(r'index.html:\d+: <a href="de/">: target de/index.html does not exist$', p)
        for p in found
    ), found


def test_the_cli_names_page_line_link_and_why(tree: Path):
    (tree / "fr" / "_static" / "documentation_options.js").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "hdhkb", "check-links", str(tree), "--base-url", BASE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert re.search(
        rf'^{re.escape(str(tree))}/fr/index.html:\d+: <script src="_static/documentation_options.js'
        r'\?v=\w+">: target fr/_static/documentation_options.js does not exist$',
        result.stderr,
        re.M,
    ), result.stderr
    assert "dead internal link(s)" in result.stderr


@pytest.mark.parametrize("text", ["", "  \n", "<!-- nothing yet -->", "<!doctype html>"])
def test_a_page_with_nothing_in_it_is_read_as_empty(tmp_path: Path, text: str):
    """The gates that read every built page share one reader: a page with no element
    (blank, a comment, a doctype) has no link, instead of stopping the gates."""
    from hdhkb.check import read_html
    from hdhkb.check.thirdparty import resources

    (tmp_path / "index.html").write_text(text)
    (tmp_path / "blank.html").write_text(text)
    assert read_html(tmp_path / "blank.html").xpath("//a | //@id") == []
    assert resources(tmp_path / "blank.html") == []
    assert check(tmp_path, BASE) == ([], 2)
    (tmp_path / "index.html").write_text(text + '<a href="gone.html">x</a>')
    assert [p.link for p in check(tmp_path, BASE)[0]] == ['<a href="gone.html">']
