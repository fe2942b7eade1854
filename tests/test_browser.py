"""Readers in a real browser: switcher, search, privacy, accessibility, French UI.

Playwright drives Debian's Chromium (``/usr/bin/chromium``; Playwright's own
browser download does not work here) over the session ``site`` build, served
by a local HTTP server on a free port. One browser for the whole module.
Without Chromium these tests skip, except under CI (env ``CI``), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import ARGS, CHROMIUM, LANGUAGES, english_interface_strings, pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Pages for the switcher test (the rest of the site is covered page by page below).
SWITCH_PAGES = ["index.html", "posting.html", "accessibility.html"]
#: (language, query, page that must be found). The French query is an inflected
#: form that the page does not contain: only the French stemmer (évit-) finds
#: "évitement" from "éviter"; the English one would not.
SEARCHES = [
    ("fr", "éviter", "accessibility.html"),
    ("en", "audits", "accessibility.html"),
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Rules run on top of the WCAG 2.1 A/AA tags: target-size (WCAG 2.2, 2.5.8 AA:
#: at least 24 x 24 CSS px, or that much room; tagged wcag22aa, so outside the tags
#: above) and link-name (in wcag2a already; named so that it cannot drop out).
EXTRA_RULES = ["target-size", "link-name"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_AA},
    "rules": {rule: {"enabled": True} for rule in EXTRA_RULES},
    "resultTypes": ["violations"],
}
#: Link names that say nothing out of context (WCAG 2.4.4, RGAA 6.1), in both
#: languages: a link whose whole name is one of these fails, on any page.
GENERIC_LINK_NAMES = [
    # English
    "more information", "more info", "more", "click here", "here", "read more",
    "learn more", "find out more", "see more", "this link", "link", "this page", "details",
    # French
    "en savoir plus", "pour en savoir plus", "plus d’informations", "plus d'informations",
    "plus d’infos", "plus d'infos", "ici", "cliquez ici", "cliquer ici", "lire la suite",
    "la suite", "suite", "voir plus", "ce lien", "lien", "cette page", "détails",
]
GENERIC_LINK = re.compile(
    r"^\W*(?:" + "|".join(map(re.escape, GENERIC_LINK_NAMES)) + r")\W*$", re.IGNORECASE)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="fr-FR"
    )
    page = context.new_page()
    yield page
    context.close()


def other(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)


@pytest.mark.parametrize("name", SWITCH_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_in_the_sidebar_leads_to_the_same_page(desktop, server, language, name):
    desktop.goto(f"{server}/{language}/{name}")
    switcher = desktop.locator(f"nav.hdhkb-switcher-sidebar a[hreflang={other(language)}]")
    assert switcher.is_visible()
    assert not desktop.locator("nav.hdhkb-switcher-header").is_visible()
    switcher.click()
    desktop.wait_for_url(f"{server}/{other(language)}/{name}")  # or fails on its timeout
    assert desktop.locator("html").get_attribute("lang") == other(language)


@pytest.mark.parametrize("name", SWITCH_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_in_the_mobile_header_leads_to_the_same_page(phone, server, language, name):
    phone.goto(f"{server}/{language}/{name}")
    switcher = phone.locator(f"header.mobile-header a[hreflang={other(language)}]")
    assert switcher.is_visible()
    # The sidebar is a closed drawer, off screen: the header is the only way.
    drawer = phone.locator("nav.hdhkb-switcher-sidebar").bounding_box()
    assert drawer is None or drawer["x"] + drawer["width"] <= 0, drawer
    box = switcher.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"], "switcher off screen"
    switcher.click()
    phone.wait_for_url(f"{server}/{other(language)}/{name}")  # or fails on its timeout
    assert phone.locator("html").get_attribute("lang") == other(language)


def test_mobile_header_fits_the_phone(phone, server):
    phone.goto(f"{server}/fr/posting.html")
    header = phone.locator("header.mobile-header").bounding_box()
    for selector in (".header-center .brand", "nav.hdhkb-switcher", ".theme-toggle-header"):
        box = phone.locator(f"header.mobile-header {selector}").bounding_box()
        assert box["y"] >= header["y"]
        assert box["y"] + box["height"] <= header["y"] + header["height"] + 1, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector


def test_posting_prints_without_sidebars(desktop, server):
    desktop.goto(f"{server}/en/posting.html")
    desktop.emulate_media(media="print")
    try:
        hidden = (".sidebar-drawer", ".toc-drawer", "nav.hdhkb-switcher-sidebar", ".related-pages")
        for selector in hidden:
            assert not desktop.locator(selector).is_visible(), selector
        assert desktop.locator("article").is_visible()
        link = desktop.locator("article a.reference.external").first
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert link.get_attribute("href") in after
    finally:
        desktop.emulate_media(media="screen")


@pytest.mark.parametrize(
    ("locale", "expected"), [("fr-FR", "fr"), ("en-GB", "en"), ("de-DE", "en")]
)
def test_root_sends_the_reader_to_their_language(browser, server, locale, expected):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(f"{server}/")
        page.wait_for_url(f"{server}/{expected}/")
        assert page.locator("html").get_attribute("lang") == expected
    finally:
        context.close()


def test_root_without_javascript_shows_two_links(browser, server):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{server}/")
        links = page.locator("a[hreflang]")
        codes = [links.nth(i).get_attribute("hreflang") for i in range(links.count())]
        assert codes == ["en", "fr"]
        links.nth(1).click()
        page.wait_for_url(f"{server}/fr/")
    finally:
        context.close()


def test_skip_link_and_switcher_work_from_the_keyboard(desktop, server):
    desktop.goto(f"{server}/en/posting.html")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.className")
    assert "skip-to-content" in focused
    assert desktop.locator("a.skip-to-content").is_visible()  # shown when focused
    desktop.keyboard.press("Enter")
    # The jump to the anchor updates the address a moment after the key (a busy
    # machine saw the old one): wait for it (Playwright's timeout fails the test).
    desktop.wait_for_url(f"{server}/en/posting.html#furo-main-content")
    desktop.locator("nav.hdhkb-switcher-sidebar a[hreflang=fr]").focus()
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(f"{server}/fr/posting.html")


@pytest.mark.parametrize(("language", "query", "expected"), SEARCHES)
def test_search_in_each_language_finds_the_page(desktop, server, language, query, expected):
    desktop.goto(f"{server}/{language}/index.html")
    box = desktop.locator("input.sidebar-search")
    box.fill(query)
    box.press("Enter")
    desktop.wait_for_url(f"{server}/{language}/search.html?*")
    results = desktop.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    hrefs = [link.get_attribute("href") or "" for link in results.all()]
    assert any(href.split("?")[0].split("#")[0] == expected for href in hrefs), hrefs
    if language == "fr":
        heading = desktop.locator("#search-results h2").inner_text()
        assert heading == "Résultats de la recherche"


@pytest.mark.parametrize(("query", "summary"), [
    ("Pitard", "Recherche terminée\u00a0: une page correspond à votre recherche."),
    ("sarcome", "Recherche terminée\u00a0: 2\u00a0pages correspondent à votre recherche."),
    ("zzyzx", "Aucune page ne correspond à votre recherche. Vérifiez l’orthographe des mots "
              "recherchés."),
])
def test_french_search_summary_reads_as_french(desktop, server, query, summary):
    """Our interface catalog corrects Sphinx's French in the search script too (no
    "catégories", one wording for one page and for several, its own plural rule)."""
    desktop.goto(f"{server}/fr/search.html?q={query}")
    status = desktop.locator("#search-results p.search-summary")
    status.wait_for(timeout=10_000)
    assert status.inner_text() == summary
    assert desktop.locator("input.sidebar-search").get_attribute("placeholder") == "Rechercher"


def test_search_needs_the_french_stemmer(desktop, server):
    """The French query is absent from the English site: a match needs French stems."""
    desktop.goto(f"{server}/en/search.html?q=%C3%A9viter")
    desktop.locator("#search-results p.search-summary").wait_for(timeout=10_000)
    assert desktop.locator("#search-results ul.search li").count() == 0


def visit_every_page(page, server: str, site: Path, until: str = "load") -> Iterator[str]:
    for language in LANGUAGES:
        for name in pages(site, language):
            page.goto(f"{server}/{language}/{name}", wait_until=until)
            yield f"{language}/{name}"


def watch(page, server: str) -> tuple[list[str], list[str]]:
    """Every request the page makes to another host, and every console error or warning."""
    foreign: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((server + "/", "data:"))
            else foreign.append(request.url))
    page.on("console", lambda msg: msg.type in {"error", "warning"} and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return foreign, problems


THEMES = ("light", "dark")
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def test_every_page_passes_axe_requests_only_the_site_and_logs_no_error(browser, server, site):
    """One visit of every page of both languages: WCAG 2.1 AA (axe-core) in each theme, no
    request to another host, nothing in the console.

    The page loads in the light theme (furo reads it from localStorage before drawing;
    the phone test below loads each theme that way), then switches to dark as furo's
    toggle does, by the body's ``data-theme``: only colours change, so axe runs again
    without a second visit.
    """
    from axe_playwright_python.base import AxeResults
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(f'localStorage.setItem("theme", "{THEMES[0]}")')
    page = context.new_page()
    foreign, problems = watch(page, server)
    reports = []
    try:
        visited = 0
        for where in visit_every_page(page, server, site):
            assert page.evaluate("document.body.dataset.theme") == THEMES[0]
            results = axe.run(page, options=AXE_OPTIONS)  # injects axe-core, then runs it
            backgrounds = {page.evaluate(BACKGROUND)}
            for theme in THEMES:
                if theme != THEMES[0]:
                    page.evaluate("theme => { document.body.dataset.theme = theme; }", theme)
                    backgrounds.add(page.evaluate(BACKGROUND))
                    results = AxeResults(page.evaluate(
                        "options => axe.run(document, options)", AXE_OPTIONS))
                if results.violations_count:
                    reports.append(f"{where} ({theme}):\n{results.generate_report()}")
            assert len(backgrounds) == len(THEMES), f"{where}: the theme did not change"
            visited += 1
    finally:
        context.close()
    assert visited >= 2 * len(SWITCH_PAGES)
    assert not reports, "\n".join(reports)
    assert not foreign, sorted(set(foreign))
    assert not problems, problems


def test_search_and_the_chooser_request_only_the_site(browser, server):
    """The pages whose scripts fetch more: search (its index) and the root chooser."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    foreign, problems = watch(page, server)
    try:
        page.goto(f"{server}/fr/search.html?q=donn%C3%A9es")
        page.locator("#search-results p.search-summary").wait_for(timeout=10_000)
        page.goto(f"{server}/index.html")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not foreign, sorted(set(foreign))
    assert not problems, problems


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_on_a_phone_with_the_header_switcher(browser, server, theme):
    """The phone layout shows other things (mobile header, switcher there)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(f'localStorage.setItem("theme", "{theme}")')
    page = context.new_page()
    reports = []
    try:
        for language in LANGUAGES:
            for name in SWITCH_PAGES:
                page.goto(f"{server}/{language}/{name}")
                results = axe.run(page, options=AXE_OPTIONS)
                if results.violations_count:
                    where = f"{language}/{name} (phone, {theme})"
                    reports.append(f"{where}:\n{results.generate_report()}")
    finally:
        context.close()
    assert not reports, "\n".join(reports)


def test_generic_link_names_are_recognised():
    """The pattern itself: whole names only, any case, either language, punctuation around."""
    for name in ("More information", "Click here!", "« En savoir plus »", "ici", "Lire la suite…",
                 "Pour en savoir plus"):
        assert GENERIC_LINK.match(name), name
    for name in ("Health Data Hub and AI4Health websites", "Read the English version",
                 "Accessibility: not compliant", "ici et ailleurs"):
        assert not GENERIC_LINK.match(name), name


#: A link's accessible name, in the order accessible-name computation takes them
#: (aria-labelledby, aria-label, content, title); hidden links included.
LINK_NAMES_JS = """links => links.map(a => {
  const byId = (a.getAttribute("aria-labelledby") || "").split(/\\s+/)
    .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent).join(" ");
  return (byId || a.getAttribute("aria-label") || a.textContent || a.title || "")
    .replace(/\\s+/g, " ").trim();
})"""


def test_no_link_is_named_by_a_generic_phrase(browser, server, site):
    """Every link's name says where it leads, on every page, in both languages."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    found = {}
    try:
        # The links are all in the HTML (and scripts add none): no need to wait for more.
        for where in visit_every_page(page, server, site, until="domcontentloaded"):
            names = page.locator("a[href]").evaluate_all(LINK_NAMES_JS)
            assert names, where
            generic = [name for name in names if GENERIC_LINK.match(name)]
            if generic:
                found[where] = generic
    finally:
        context.close()
    assert not found, found


def test_french_pages_show_no_english_interface_text(browser, server, site):
    """What a French reader sees once scripts ran (search results included)."""
    english = english_interface_strings() | {"Search Results", "Searching", "Preparing search..."}
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    leftovers = {}
    try:
        for name in [*pages(site, "fr"), "search.html?q=donn%C3%A9es"]:
            page.goto(f"{server}/fr/{name}")
            if "?q=" in name:
                page.locator("#search-results p.search-summary").wait_for(timeout=10_000)
            texts = page.evaluate(
                """() => {
                  const found = [];
                  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                  while (walker.nextNode()) {
                    const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
                    if (text) found.push(text);
                  }
                  const labelled = "[aria-label],[title],[placeholder],[alt]";
                  for (const el of document.querySelectorAll(labelled)) {
                    for (const a of ["aria-label", "title", "placeholder", "alt"]) {
                      if (el.getAttribute(a)) found.push(el.getAttribute(a).trim());
                    }
                  }
                  return found;
                }"""
            )
            found = english & set(texts)
            if found:
                leftovers[name] = sorted(found)
    finally:
        context.close()
    assert not leftovers, leftovers


def test_french_posting_links_its_french_pdf(browser, server):
    """A reader of the French posting follows its PDF link and gets the French PDF."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{server}/fr/posting.html")
        title = page.locator("article h1").evaluate("h => h.firstChild.textContent").strip()
        link = page.get_by_role("link", name=re.compile(r"^Télécharger cette page \(PDF, "
                                                        r"\d+(,\d)?\s[kM]o\)$"))
        with page.expect_response(lambda r: r.url.endswith(".pdf")) as answer:
            link.click()
        response = answer.value
        assert response.url == f"{server}/fr/pdf/posting-fr.pdf"
        assert response.ok and response.headers["content-type"] == "application/pdf"
        # Chromium shows the PDF in its viewer, which keeps the body: ask for the same URL.
        reader = PdfReader(io.BytesIO(context.request.get(response.url).body()))
        assert reader.trailer["/Root"]["/Lang"] == "fr"
        assert reader.metadata.title == title
        assert "800\u00a0€" in reader.pages[0].extract_text()
    finally:
        context.close()
