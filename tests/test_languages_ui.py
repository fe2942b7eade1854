"""Readers between languages, HTML level: switcher, alternates, sitemaps, OpenGraph,
French interface, 404, Content-Security-Policy, accessibility hooks, print.

Two kinds of tests: a tiny ``sphinx.testing`` project (tests/roots/test-interface)
for the edge cases (a page only one language has, nested pages, a 404 under a
prefix, inline code the policy would block), and the real site (session
``site`` fixture) for every page of both languages.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from hdhkb.ext.privacy import blocked, digest
from hdhkb.tools import theme_strings
from helpers import LANGUAGES, ROOT, english_interface_strings, make, pages, soup

BASE = "https://kb.health-data-hub.example/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
#: Pages that are no content (not in sitemaps, no alternates for the 404).
GENERATED = {"search.html", "genindex.html", "404.html"}
#: furo writes these without the catalog; our page.html routes them through it.
def texts_and_labels(page) -> list[str]:
    """What a reader sees or hears: text nodes and the labelling attributes."""
    found = [" ".join(s.split()) for s in page.find_all(string=True) if s.strip()]
    for tag in page.find_all(True):
        for attribute in ("aria-label", "title", "placeholder", "alt"):
            if tag.get(attribute):
                found.append(" ".join(tag[attribute].split()))
    return found


# ---- the tiny project --------------------------------------------------------


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory):
    """The tiny project, built in French; ``_warning`` holds what it warned."""
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("interface") / "src"
    shutil.copytree(ROOT / "tests" / "roots" / "test-interface", src)
    app = SphinxTestApp(
        "html", srcdir=src, confoverrides={"language": "fr"}, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_theme_strings_come_out_french(french):
    page = soup(french.outdir / "index.html")
    assert page.find("a", class_="skip-to-content").get_text(strip=True) == "Aller au contenu"
    assert page.find(class_="back-to-top").get_text(strip=True) == "Retour en haut de page"
    toggle = page.find("input", id="__navigation")["aria-label"]
    assert toggle == "Afficher ou masquer la navigation du site"
    assert page.find("nav", class_="hdhkb-switcher")["aria-label"] == "Langue"


def test_accessibility_contact_in_the_statement_and_every_footer(french):
    """hdhkb_accessibility_contact: a mailto link, in French, and only the paragraph that
    applies (the other says that none is published)."""
    statement = soup(french.outdir / "accessibility.html").select_one("article")
    assert "No contact published yet" not in statement.get_text()
    link = statement.select_one("a.hdhkb-accessibility-contact")
    assert unquote(link["href"]) == "mailto:accessibilite@kb.example.org"
    for name in ("index.html", "sub/page.html", "accessibility.html"):
        footer = soup(french.outdir / name).select_one("footer .hdhkb-accessibility-contact")
        assert footer.get_text(" ", strip=True) == \
            "Contact accessibilité\u00a0: accessibilite@kb.example.org", name
        assert footer.a["href"] == "mailto:accessibilite@kb.example.org"


def test_switcher_links_the_same_page_at_any_depth(french):
    nested = soup(french.outdir / "sub" / "page.html")
    links = {a["hreflang"]: a for a in nested.select("nav.hdhkb-switcher-sidebar a")}
    assert links["en"]["href"] == "../../en/sub/page.html"
    assert links["fr"]["href"] == "../../fr/sub/page.html"
    assert links["fr"]["aria-current"] == "page" and not links["en"].get("aria-current")
    assert links["en"]["lang"] == "en" and links["fr"]["lang"] == "fr"
    # The same links in the mobile header.
    header = [a["href"] for a in nested.select("header.mobile-header nav.hdhkb-switcher a")]
    assert header == ["../../en/sub/page.html", "../../fr/sub/page.html"]


def test_switcher_goes_home_when_the_page_is_not_in_every_language(french):
    extra = soup(french.outdir / "extra.html")
    hrefs = {a["hreflang"]: a["href"] for a in extra.select("nav.hdhkb-switcher-sidebar a")}
    assert hrefs == {"en": "../en/index.html", "fr": "../fr/index.html"}
    assert not extra.select('link[rel="alternate"][hreflang]')


def test_alternates_are_absolute_under_the_base_url(french):
    nested = soup(french.outdir / "sub" / "page.html")
    alternates = {link["hreflang"]: link["href"] for link in nested.select('link[rel="alternate"]')}
    assert alternates == {
        "en": "https://kb.example.org/site/en/sub/page.html",
        "fr": "https://kb.example.org/site/fr/sub/page.html",
        "x-default": "https://kb.example.org/site/en/sub/page.html",
    }
    assert nested.find("link", rel="canonical")["href"] == "https://kb.example.org/site/fr/sub/page.html"


def test_404_links_are_under_the_language_prefix(french):
    assert french.config.notfound_urls_prefix == "/site/fr/"
    page = soup(french.outdir / "404.html")
    assert page.find("h1").get_text(strip=True) == "Page introuvable"
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert styles and all(href.startswith("/site/fr/_static/") for href in styles)
    hrefs = {a["hreflang"]: a["href"] for a in page.select("nav.hdhkb-switcher-sidebar a")}
    assert hrefs == {"en": "/site/en/index.html", "fr": "/site/fr/index.html"}


def test_inline_code_outside_the_policy_fails_naming_file_line_and_hash(french):
    warnings = french._warning.getvalue()
    expected = digest("window.extra = 1;").strip("'")
    pattern = rf"extra\.html:\d+: WARNING: inline <script> blocked .*{re.escape(expected)}"
    assert re.search(pattern, warnings), warnings
    # The theme's own inline code is in hdhkb_csp_hashes: nothing else is reported.
    assert warnings.count("[hdhkb.csp]") == 1, warnings


def test_external_links_get_noopener(french):
    link = soup(french.outdir / "index.html").find("a", href="https://www.example.com/")
    assert "noopener" in link["rel"]


def test_edit_and_view_links_are_french_and_noopener(french):
    page = soup(french.outdir / "index.html")
    edit = page.select_one(".edit-this-page a")
    view = page.select_one(".view-this-page a")
    assert edit["href"].startswith("https://github.com/example/kb/")
    assert set(edit["rel"]) == {"edit", "noopener"} and "noopener" in view["rel"]
    assert edit["title"] == "Modifier cette page" and view["title"] == "Voir cette page"


def test_sitemap_lists_both_languages(french):
    tree = ET.parse(french.outdir / "sitemap.xml").getroot()
    urls = {u.find(f"{SITEMAP}loc").text: u for u in tree.findall(f"{SITEMAP}url")}
    assert "https://kb.example.org/site/fr/sub/page.html" in urls
    alternates = {
        a.get("hreflang"): a.get("href")
        for a in urls["https://kb.example.org/site/fr/sub/page.html"].findall(f"{XHTML}link")
    }
    assert alternates == {
        "en": "https://kb.example.org/site/en/sub/page.html",
        "fr": "https://kb.example.org/site/fr/sub/page.html",
        "x-default": "https://kb.example.org/site/en/sub/page.html",
    }


def test_every_template_string_has_a_french_translation():
    missing = theme_strings.untranslated("fr", theme_strings.extract())
    assert not missing, [f"{m.places[0]}: {m.msgid!r}" for m in missing]


@pytest.mark.slow
def test_changing_the_interface_catalog_rewrites_every_page(mini_copy: Path):
    """The catalog is no template: without our env-get-outdated hook, pages keep the old text."""
    make(mini_copy, "html-fr")
    page = mini_copy / "_build" / "html" / "fr" / "page.html"
    assert "Retour en haut de page" in page.read_text()
    po = mini_copy / "hdhkb" / "locale" / "fr" / "LC_MESSAGES" / "sphinx.po"
    po.write_text(po.read_text().replace('"Retour en haut de page"', '"Haut de la page"'))
    make(mini_copy, "html-fr")
    text = page.read_text()
    assert "Haut de la page" in text and "Retour en haut de page" not in text


# ---- the real site -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_on_every_page_leads_to_a_page_that_exists(site: Path, language: str):
    for name in pages(site, language):
        page = soup(site / language / name)
        for place in ("sidebar", "header"):
            links = page.select(f"nav.hdhkb-switcher-{place} a")
            assert [a["hreflang"] for a in links] == list(LANGUAGES), f"{language}/{name} {place}"
            current = [a["hreflang"] for a in links if a.get("aria-current") == "page"]
            assert current == [language], f"{language}/{name}"
            for a in links:
                assert a["lang"] == a["hreflang"]
                if name == "404.html":
                    assert a["href"] == f"/{a['hreflang']}/index.html"
                    continue
                target = (site / language / name).parent / a["href"]
                assert target.resolve() == (site / a["hreflang"] / name).resolve(), a["href"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_alternates_and_canonical_on_every_page(site: Path, language: str):
    for name in pages(site, language):
        page = soup(site / language / name)
        links = page.select('link[rel="alternate"][hreflang]')
        alternates = {link["hreflang"]: link["href"] for link in links}
        if name == "404.html":
            assert not alternates
            continue
        if name == "search.html":  # noindex: no alternates (test_validators.py)
            assert not alternates
        else:
            assert alternates == {
                "en": f"{BASE}en/{name}",
                "fr": f"{BASE}fr/{name}",
                "x-default": f"{BASE}en/{name}",
            }, f"{language}/{name}"
        assert page.find("link", rel="canonical")["href"] == f"{BASE}{language}/{name}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_sitemap_has_every_content_page_with_the_pages_alternates(site: Path, language: str):
    """Each URL lists the same alternates as the page's own <link rel="alternate"> tags."""
    tree = ET.parse(site / language / "sitemap.xml").getroot()
    urls = {u.find(f"{SITEMAP}loc").text: u for u in tree.findall(f"{SITEMAP}url")}
    names = [name for name in pages(site, language) if name not in GENERATED]
    expected = {f"{BASE}{language}/{name}" for name in names}
    assert set(urls) == expected
    for loc, url in urls.items():
        name = loc.removeprefix(f"{BASE}{language}/")
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall(f"{XHTML}link")}
        assert alternates == {code: f"{BASE}{code}/{name}" for code in LANGUAGES} | {
            "x-default": f"{BASE}en/{name}"}
        page = soup(site / language / name)
        assert alternates == {link["hreflang"]: link["href"] for link in
                              page.find_all("link", rel="alternate", hreflang=True)}


def test_root_has_robots_and_a_sitemap_index(site: Path):
    robots = (site / "robots.txt").read_text()
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    locs = [e.text for e in index.iter(f"{SITEMAP}loc")]
    assert locs == [f"{BASE}{code}/sitemap.xml" for code in LANGUAGES]
    for loc in locs:
        assert (site / loc.removeprefix(BASE)).is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_opengraph_per_language(site: Path, language: str):
    locales = {"en": "en_GB", "fr": "fr_FR"}
    for name in pages(site, language):
        if name in GENERATED:
            continue
        page = soup(site / language / name)
        og = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
        assert og["og:url"] == f"{BASE}{language}/{name}"
        assert og["og:locale"] == locales[language]
        assert og["og:locale:alternate"] == locales[{"en": "fr", "fr": "en"}[language]]
        assert og.get("og:description", "").strip(), f"{language}/{name} has no description"


def test_french_interface_has_no_english_string(site: Path):
    english = english_interface_strings()
    assert {"Back to top", "Toggle site navigation sidebar", "Next", "Previous"} <= english
    seen_in_english = set()
    for name in pages(site, "en"):
        seen_in_english |= english & set(texts_and_labels(soup(site / "en" / name)))
    # The check can fail: the English build does show these strings.
    assert {"Back to top", "Skip to content", "Toggle site navigation sidebar"} <= seen_in_english
    for name in pages(site, "fr"):
        leftovers = english & set(texts_and_labels(soup(site / "fr" / name)))
        assert not leftovers, f"fr/{name} shows {sorted(leftovers)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_use_the_spaced_en_dash(site: Path, language: str):
    """« Glossaire – Base de connaissances… »: not furo's hyphen, on every kind of page."""
    site_title = {"en": "Health Data Hub knowledge base",
                  "fr": "Base de connaissances du Health Data Hub"}[language]
    for name in [*pages(site, language), "search.html", "genindex.html", "404.html"]:
        title = soup(site / language / name).title.get_text()
        assert title == site_title or title.endswith(f" \u2013 {site_title}"), (name, title)
        assert " - " not in title, (name, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_descriptions_read_as_the_page_does(site: Path, language: str):
    """No « ( EEDS) », "science(incentives", glossary term glued to its definition or
    "...": each page's opening text, cut at a word (hdhkb.ext.seo)."""
    for name in pages(site, language):
        page = soup(site / language / name)
        meta = page.find("meta", attrs={"name": "description"})
        if meta is None:
            continue
        text = meta["content"]
        assert page.find("meta", property="og:description")["content"] == text, name
        assert len(page.find_all("meta", attrs={"name": "description"})) == 1, name
        assert not re.search(r"\( | \)|\w\(|\.\.\.|\s,", text), (name, text)
        assert text.endswith(("…", ".")), (name, text)
        assert len(text) <= 200, name
    glossary = soup(site / language / "glossary.html").find("meta", attrs={"name": "description"})
    assert "CESREES" not in glossary["content"]


def test_our_interface_catalog_comes_before_sphinx_s(site: Path):
    """Sphinx's French « Recherche » in the search box, « Préparation de la recherche... »
    and its "catégories" sentence are corrected by ours, in the templates and the script."""
    box = soup(site / "fr" / "index.html").select_one("input.sidebar-search")
    assert box["placeholder"] == box["aria-label"] == "Rechercher"
    script = (site / "fr" / "_static" / "translations.js").read_text(encoding="utf-8")
    assert '"Préparation de la recherche…"' in script and "catégories" not in script
    assert "Documentation.PLURAL_EXPR = (n) => Number((n > 1));" in script


def test_js_catalog_takes_ours_and_drops_plurals_of_another_rule(monkeypatch):
    from hdhkb.ext import interface_catalog

    monkeypatch.setattr(interface_catalog, "our_translations", lambda language: (
        {"A": "ours", "P": ["une", "des"]}, "(n > 1)"))
    theirs = {"A": "theirs", "B": "b", "P": ["1", "2", "3"], "Q": ["x", "y", "z"]}
    messages, plural = interface_catalog.js_messages(theirs, "n == 1 ? 0 : 2", "fr")
    assert (messages, plural) == ({"A": "ours", "B": "b", "P": ["une", "des"]}, "(n > 1)")


def test_french_footer_names_the_holder_in_french(site: Path):
    footer = soup(site / "fr" / "index.html").select_one("footer .copyright")
    line = footer.get_text(" ", strip=True)
    assert line.startswith("Droits d’auteur © 2026, les contributeurs de la base de connaissances")


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page_per_language(site: Path, language: str):
    page = soup(site / language / "404.html")
    assert page.html["lang"] == language
    title = {"en": "Page not found", "fr": "Page introuvable"}[language]
    assert page.find("h1").get_text(strip=True) == title
    for link in page.select("link[rel=stylesheet]"):
        assert link["href"].startswith(f"/{language}/_static/")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.parametrize("language", LANGUAGES)
def test_csp_comes_first_and_covers_all_inline_code(site: Path, language: str):
    for name in pages(site, language):
        text = (site / language / name).read_text(encoding="utf-8")
        page = soup(site / language / name)
        meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta, f"{language}/{name} has no CSP"
        csp = meta["content"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        # Before every script and style, or they would escape it.
        first = re.search(r"<(script|style|link)\b", text)
        assert text.index("Content-Security-Policy") < first.start()
        hashes = set(re.findall(r"'sha256-[^']+'", csp))
        assert not blocked(text, hashes), f"{language}/{name}"
        # No resource from another host.
        urls = [tag["src"] for tag in page.find_all(["script", "img", "iframe"], src=True)]
        urls += [
            tag["href"] for tag in page.find_all("link", href=True)
            if {"stylesheet", "icon", "preload", "prefetch"} & set(tag.get("rel", []))
        ]
        for url in urls:
            assert "://" not in url and not url.startswith("//"), f"{language}/{name}: {url}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_external_links_are_noopener(site: Path, language: str):
    for name in pages(site, language):
        for a in soup(site / language / name).find_all("a", href=True):
            if a["href"].startswith(("http://", "https://")) and not a["href"].startswith(BASE):
                assert "noopener" in (a.get("rel") or []), f"{language}/{name}: {a}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_and_accessibility_statement_on_every_page(site: Path, language: str):
    for name in pages(site, language):
        page = soup(site / language / name)
        skip = page.find("a", class_="skip-to-content")
        assert skip and skip["href"] == "#furo-main-content" and page.find(id="furo-main-content")
        statement = page.select_one("footer .hdhkb-accessibility a")
        assert statement, f"{language}/{name}"
        if name != "404.html":
            target = urljoin(f"/{language}/{name}", statement["href"])
            assert target == f"/{language}/accessibility.html"
        label = {"en": "Accessibility: not compliant", "fr": "Accessibilité\u00a0: non conforme"}
        assert statement.get_text(strip=True) == label[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_accessibility_contact_published_yet(site: Path, language: str):
    """conf.py gives none (no source does): the statement says so, no footer invents one."""
    statement = soup(site / language / "accessibility.html")
    (paragraph,) = statement.select(".hdhkb-accessibility-contact p")
    expected = {"en": "No contact address for accessibility has been published yet",
                "fr": "Aucune adresse de contact pour l’accessibilité n’a encore été publiée"}
    assert paragraph.get_text().startswith(expected[language])
    assert not statement.select("footer .hdhkb-accessibility-contact")


def test_other_language_phrases_carry_their_lang(site: Path):
    english = soup(site / "en" / "accessibility.html")
    french_phrases = [s.get_text(" ", strip=True) for s in english.select('article [lang="fr"]')]
    assert "déclaration d'accessibilité" in " ".join(french_phrases).replace("\u2019", "'")
    french = soup(site / "fr" / "accessibility.html")
    phrase = french.select_one('article [lang="en"]').get_text(strip=True)
    assert phrase == "Web Content Accessibility Guidelines"


def test_french_search_uses_the_french_stemmer(site: Path):
    assert "FrenchStemmer" in (site / "fr" / "_static" / "language_data.js").read_text()
    assert "FrenchStemmer" not in (site / "en" / "_static" / "language_data.js").read_text()


@pytest.mark.parametrize(("language", "algorithm"), [("en", "english"), ("fr", "french")])
def test_search_index_stems_match_the_browser_stemmer(site: Path, language: str, algorithm: str):
    """PyStemmer (C) stems the index at build time; the browser runs Snowball's JavaScript.

    PyStemmer is there for speed (docs/performance.md). Both are generated
    from the same Snowball algorithms, but a stem that differed would make a
    word unfindable, so every word of the site is compared with the
    pure-Python Snowball stemmer (the reference snowballstemmer ships).
    """
    import importlib

    import snowballstemmer

    fast = snowballstemmer.stemmer(algorithm)
    assert type(fast).__module__ == "Stemmer", "PyStemmer is not installed (requirements.txt)"
    module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
    reference = getattr(module, f"{algorithm.capitalize()}Stemmer")()
    words = {word.lower() for name in pages(site, language)
             for word in re.findall(r"\w+", soup(site / language / name).get_text())}
    assert len(words) > 1000
    assert [w for w in words if fast.stemWord(w) != reference.stemWord(w)] == []
    index = (site / language / "searchindex.js").read_text(encoding="utf-8")
    for word in {"en": ["internship", "European"], "fr": ["éviter", "internationales"]}[language]:
        assert json.dumps(reference.stemWord(word.lower())) in index  # as Sphinx escapes it


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_stylesheet_hides_the_chrome(site: Path, language: str):
    for name in pages(site, language):
        links = soup(site / language / name).select('link[rel="stylesheet"][media="print"]')
        names = [link["href"].split("?")[0].rsplit("/", 1)[-1] for link in links]
        assert names == ["hdhkb-print.css"]
    css = (site / language / "_static" / "hdhkb-print.css").read_text()
    for selector in (".sidebar-drawer", ".toc-drawer", ".mobile-header", ".hdhkb-switcher"):
        assert selector in css
    assert 'content: " (" attr(href) ")"' in css
