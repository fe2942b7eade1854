"""``make review``: each English message beside its translation, stale ones with the change.

Built from ``tests/roots/test-review`` (a catalog with a translated, a stale
and an untranslated message), checked as HTML, then in Chromium: opened from
the file system with no other request (it works offline), and axe finds no
WCAG 2.1 AA violation in the light or the dark colour scheme.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hdhkb.tools import review
from helpers import ARGS, CHROMIUM

ROOTS = Path(__file__).parent / "roots"
TEST_ROOT = ROOTS / "test-review"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    code = review.main(["fr", "--root", str(TEST_ROOT), "--locale-dir",
                        str(TEST_ROOT / "locale"), "--out", str(out)])
    assert code == 0
    return out / "fr"


def rows(pages: Path) -> list:
    soup = BeautifulSoup((pages / "page.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select("main table tbody tr")


def test_every_message_in_reading_order_with_its_status(pages: Path) -> None:
    found = rows(pages)
    statuses = [row.select_one(".badge").get_text() for row in found]
    assert statuses == ["Translated", "Stale: the English changed", "Untranslated", "Translated"]
    english = [row.select("td")[0].select_one("pre").get_text() for row in found]
    assert english[0] == "Data access" and english[2].startswith("Every request")
    assert "An old paragraph" not in (pages / "page.html").read_text()  # obsolete: not shown
    french = found[0].select("td")[1].select_one("pre")
    assert french.get_text() == "Accès aux données" and french["lang"] == "fr"
    assert "(no translation yet)" in found[2].get_text()
    assert "locale/fr/LC_MESSAGES/page.po:" in found[2].get_text()  # where to edit
    # Markup in messages is shown as text, never interpreted.
    assert found[3].select_one("pre").get_text() == "A <b>bold</b> claim & more."
    assert found[3].select_one("b") is None


def test_stale_message_shows_the_english_change_word_by_word(pages: Path) -> None:
    stale = rows(pages)[1]
    assert "status-stale" in stale["class"]
    change = stale.select_one(".change")
    assert [ins.get_text() for ins in change.select("ins")] == ["[added: secure]"]
    assert change.select("del") == []
    text = change.get_text(" ", strip=True)
    assert "The platform gives researchers" in text and "access to health data." in text
    assert "La plateforme donne aux chercheurs" in stale.select("td")[1].get_text()


def test_summary_links_to_the_messages_to_review(pages: Path) -> None:
    soup = BeautifulSoup((pages / "page.html").read_text(encoding="utf-8"), "html.parser")
    header = soup.select_one("header").get_text(" ", strip=True)
    assert "4 messages: 2 translated, 1 stale, 1 untranslated" in header
    links = [a["href"] for a in soup.select("header a[href^='#m']")]
    assert links == ["#m2", "#m3"]
    assert all(soup.select_one(f"tr{href}") for href in links)
    index = BeautifulSoup((pages / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in index.select("main a")] == ["page.html"]
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright


    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_page_offline_and_accessible(browser, pages: Path, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        reports = []
        for name in ("index.html", "page.html"):
            page.goto((pages / name).as_uri())
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA},
                                               "resultTypes": ["violations"]})
            if results.violations_count:
                reports.append(f"{name} ({scheme}):\n{results.generate_report()}")
        assert not reports, "\n".join(reports)
        assert all(url.startswith("file://") for url in requests), requests
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
    finally:
        context.close()
