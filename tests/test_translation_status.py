"""Reader banners on partly translated pages, and the translation-status page.

The mini project tests/roots/test-translation-status has a page at 50 %
(half), a page with a fuzzy entry (stale), a complete page and a status page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hdhkb.catalogs import language_stats, totals
from helpers import ROOT, soup

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PARTIAL = "Cette page n’est pas encore entièrement traduite"
STALE = "La version anglaise de cette page est plus récente"


@pytest.fixture(scope="module")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, rootdir: Path) -> dict[str, Path]:
    """The mini project built in English and in French (strict: warnings fail).

    Built once for the module; each app is cleaned up right away (docutils
    keeps global registries that a second live app would warn about).
    """
    from sphinx.testing.util import SphinxTestApp

    out = {}
    for language in ("en", "fr"):
        src = tmp_path_factory.mktemp(f"src-{language}")
        shutil.copytree(rootdir / "test-translation-status", src, dirs_exist_ok=True)
        app = SphinxTestApp("html", srcdir=src, confoverrides={"language": language},
                            status=StringIO(), warning=StringIO(), warningiserror=True)
        try:
            app.build()
            assert not app.warning.getvalue(), app.warning.getvalue()
            out[language] = Path(app.outdir)
        finally:
            app.cleanup()
    return out


def cell(td) -> str:
    """A table cell's text, no-break spaces between number and percentage as spaces."""
    return td.get_text().replace("\u00a0", " ").strip()


def banners(page: Path) -> list[str]:
    return [" ".join(div.get_text(" ").split())
            for div in soup(page).select(".hdhkb-translation-banner")]


def test_half_translated_page_says_so_and_links_to_english(built: dict[str, Path]) -> None:
    (banner,) = banners(built["fr"] / "half.html")
    assert PARTIAL in banner
    link = soup(built["fr"] / "half.html").select_one(".hdhkb-translation-banner a")
    assert link["href"] == "../en/half.html" and link["hreflang"] == "en"
    assert "version anglaise" in link.get_text()


def test_stale_page_says_the_english_is_newer(built: dict[str, Path]) -> None:
    (banner,) = banners(built["fr"] / "stale.html")  # fuzzy only: not "untranslated"
    assert STALE in banner
    assert soup(built["fr"] / "stale.html").select_one(".hdhkb-stale a")["href"] == \
        "../en/stale.html"


def test_no_banner_on_complete_pages_nor_in_english(built: dict[str, Path]) -> None:
    assert banners(built["fr"] / "complete.html") == []
    assert banners(built["fr"] / "status.html") == []
    for page in built["en"].glob("*.html"):
        assert banners(page) == [], page


def test_translated_toctree_caption_counts_as_translated(built: dict[str, Path],
                                                         rootdir: Path, tmp_path: Path) -> None:
    """Sphinx leaves a translated toctree caption marked untranslated (issue 14): a page
    whose every message is translated, its toctree's caption and titles too, has no banner;
    the same page with its caption left in English has one."""
    from sphinx.testing.util import SphinxTestApp

    complete = soup(built["fr"] / "complete.html")
    assert complete.select_one("p.caption").get_text(strip=True) == "Pour aller plus loin"
    assert banners(built["fr"] / "complete.html") == []
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-translation-status", src)
    po = src / "locale" / "fr" / "LC_MESSAGES" / "complete.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Pour aller plus loin"',
                                                         'msgstr ""'), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, confoverrides={"language": "fr"},
                        status=StringIO(), warning=StringIO())
    try:
        app.build(filenames=[str(src / "complete.rst")])
        (banner,) = banners(Path(app.outdir) / "complete.html")
    finally:
        app.cleanup()
    assert PARTIAL in banner


def test_banner_comes_first_in_the_content(built: dict[str, Path]) -> None:
    body = soup(built["fr"] / "half.html").select_one("div.body")
    first = body.find(True)
    assert "hdhkb-translation-banner" in first["class"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_status_page_table_and_word_diffs(built: dict[str, Path], language: str) -> None:
    page = soup(built[language] / "status.html")
    rows = {
        " ".join(tr.find("td").get_text().split()): [cell(td) for td in tr("td")[1:]]
        for tr in page.select("table.hdhkb-translation-status tbody tr")
    }
    half = "Page à moitié" if language == "fr" else "Half page"
    fifty = "50,0 %" if language == "fr" else "50.0%"
    assert rows[half] == [f"2 ({fifty})", f"0 ({'0,0 ' if language == 'fr' else '0.0'}%)",
                          f"2 ({fifty})", "4"]
    if language == "fr":  # the one no-break space between a number and its unit
        assert "50,0\u00a0%" in page.select_one("table.hdhkb-translation-status").get_text()
    total = rows["Total"]
    assert total[-1] == "13" and total[0].startswith("10 (")
    # Page names link to the pages, with their titles in the page's language.
    links = [a["href"] for a in page.select("table.hdhkb-translation-status a")]
    assert "half.html" in links and "stale.html" in links
    # The stale message, word by word.
    item = page.select_one("ul.hdhkb-stale li")
    assert [d.get_text() for d in item("del")] == ["written", "editor."]
    assert [i.get_text() for i in item("ins")] == ["rewritten", "editor after translation."]
    heading = "État" if language == "fr" else "Status"
    assert page.select_one("h1").get_text().strip("¶ ") == heading


def test_status_text_is_not_extracted_for_translation(make_app, rootdir, tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-translation-status", src)
    app = make_app("gettext", srcdir=src)
    app.build()
    pot = (Path(app.outdir) / "status.pot").read_text(encoding="utf-8")
    assert 'msgid "Status"' in pot
    assert "Translation progress" not in pot and "Half page" not in pot


def test_catalog_change_rebuilds_banner_and_status(rootdir: Path, tmp_path: Path) -> None:
    """The pages depend on the catalogs: marking a message fuzzy shows on the next build.

    Real sphinx-build processes: in one process, Python's gettext module would
    serve the first build's cached catalog to the second.
    """
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(rootdir / "test-translation-status", src)
    build = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", "-D", "language=fr",
             "-d", str(tmp_path / "doctrees"), str(src), str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(build, check=True, env=env)
    assert banners(out / "complete.html") == []
    po = src / "locale" / "fr" / "LC_MESSAGES" / "complete.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Every', '#, fuzzy\nmsgid "Every'), encoding="utf-8")
    os.utime(po, (po.stat().st_mtime + 5, po.stat().st_mtime + 5))
    subprocess.run(build, check=True, env=env)  # incremental: same doctrees
    (banner,) = banners(out / "complete.html")
    assert STALE in banner
    status = soup(out / "status.html")
    row = [tr for tr in status.select("table.hdhkb-translation-status tbody tr")
           if "Page complète" in tr.get_text()][0]
    assert cell(row("td")[2]).startswith("1 (")


@pytest.mark.browser
def test_banners_are_visible_in_a_browser(built: dict[str, Path]) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing")
        pytest.skip("/usr/bin/chromium is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page()
        for name, text in (("half", PARTIAL), ("stale", STALE)):
            page.goto((built["fr"] / f"{name}.html").as_uri())
            banner = page.locator(".hdhkb-translation-banner")
            assert banner.count() == 1 and banner.is_visible()
            assert text in banner.inner_text()
            box = banner.bounding_box()
            heading = page.locator("h1").bounding_box()
            assert box and heading and box["y"] < heading["y"]  # above the title
        page.goto((built["fr"] / "complete.html").as_uri())
        assert page.locator(".hdhkb-translation-banner").count() == 0
        browser.close()


# -- the real site (session build shared with tests/test_site.py) ---------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_site_status_page_matches_the_catalogs(site: Path, language: str) -> None:
    page = site / language / "translation-status.html"
    assert page.exists()
    html = soup(page)
    expected = language_stats(ROOT / "locale", "fr")
    rows = html.select("table.hdhkb-translation-status tbody tr")
    assert len(rows) == len(expected) + 1  # one per catalog, and the total
    total = rows[-1]("td")
    assert cell(total[-1]) == str(totals(expected).total)
    title = {"en": "Translation status", "fr": "État des traductions"}[language]
    assert html.select_one("h1").get_text().strip("¶ ") == title


def test_site_english_has_no_banner(site: Path) -> None:
    for page in (site / "en").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "hdhkb-translation-banner" not in text, page


def test_site_banners_follow_the_catalogs(site: Path) -> None:
    """A French page whose catalog has fuzzy entries says the English is newer."""
    for stats in language_stats(ROOT / "locale", "fr"):
        page = site / "fr" / f"{stats.page}.html"
        if not page.exists():
            continue
        found = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        stale = found.select(".hdhkb-translation-banner.hdhkb-stale")
        assert bool(stale) == bool(stats.fuzzy), (page, stats.fuzzy)
