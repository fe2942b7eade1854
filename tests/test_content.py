"""The knowledge base's content over the real build of both languages (session ``site``).

Pages, the posting's sections, facts from the one file formatted per language,
glossary links, French typography, the posting's status today (closed, no
JSON-LD), the list of postings and its feeds; then real ``make html`` runs on
copies: the posting while it was open (no JSON-LD: its date posted is not
sourced) and a missing fact failing the build.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import feedparser
import pytest

from hdhkb.ext.facts import format_fact, parse_facts
from helpers import LANGUAGES, ROOT, make, soup

PAGES = ("index", "hdh", "europe", "benchmark", "postings", "posting", "glossary")
#: The posting's sections (explicit labels = section ids in both languages).
POSTING_SECTIONS = (
    "posting-summary", "posting-organisation", "posting-description", "posting-tasks",
    "posting-tasks-ecosystem", "posting-tasks-watch", "posting-tasks-strategy",
    "posting-profile", "posting-skills-technical", "posting-skills-interpersonal",
    "posting-apply", "posting-links",
)
#: Glossary terms the brief asks for (anchor ids are the English terms in both languages).
TERMS = ("GIP", "SNDS", "Cnam", "CNIL", "EHDS", "EEDS", "TEHDaS", "secondary-use",
         "data-holder", "HDAB", "health-data-access-body", "SPE", "EMA", "ECDC")
FACTS, _ = parse_facts((ROOT / "source" / "_data" / "facts.toml").read_text(encoding="utf-8"))


def article(site: Path, language: str, page: str):
    return soup(site / language / f"{page}.html").select_one("article")


def fact_uses(site: Path, language: str, page: str) -> list[tuple[str, str]]:
    """(fact class suffix, rendered text) of every fact on the page, in order."""
    uses = []
    for node in article(site, language, page).select(".hdhkb-fact"):
        name = next(c for c in node["class"] if c.startswith("hdhkb-fact-"))
        uses.append((name.removeprefix("hdhkb-fact-"), node.get_text()))
    return uses


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_page_is_built(site: Path, language: str):
    for page in PAGES:
        assert (site / language / f"{page}.html").is_file(), f"{language}/{page}"
    home = soup(site / language / "index.html")
    linked = {a["href"] for a in home.select("article a.reference.internal")}
    assert {f"{page}.html" for page in PAGES if page not in {"index", "posting"}} <= linked
    # Postings are listed on the postings page (and in the sidebar, under it).
    assert "posting.html" in {a["href"] for a in soup(site / language / "postings.html").select(
        "article a.reference.internal")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_posting_has_every_section(site: Path, language: str):
    page = soup(site / language / "posting.html")
    for label in POSTING_SECTIONS:
        section = page.find(id=label)
        assert section is not None and section.name == "section", f"{language}: {label}"
        assert section.find(["h2", "h3"]).get_text(strip=True), label


@pytest.mark.parametrize("page", PAGES)
def test_facts_are_the_same_in_both_languages(site: Path, page: str):
    english, french = fact_uses(site, "en", page), fact_uses(site, "fr", page)
    assert Counter(name for name, _ in english) == Counter(name for name, _ in french)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_each_fact_is_formatted_from_the_facts_file(site: Path, page: str, language: str):
    """Per the number rules of its language, in a sentence or alone (docs/editors.md)."""
    for node in article(site, language, page).select(".hdhkb-fact"):
        name = next(c for c in node["class"] if c.startswith("hdhkb-fact-"))[len("hdhkb-fact-"):]
        fact = FACTS[name.removesuffix("-as-of")]
        shown = fact.as_of if name.endswith("-as-of") else fact
        block = node.find_parent(["p", "td", "th", "dd", "dt", "li", "h1", "h2", "h3"])
        rest = block.get_text().replace(node.get_text(), "", 1)
        expected = format_fact(shown, language, running_text=bool(re.search(r"[^\W\d_]", rest)))
        assert node.get_text() in {expected, expected[:1].upper() + expected[1:]}, (page, name)


def test_locale_formats_on_the_posting(site: Path):
    en, fr = dict(fact_uses(site, "en", "posting")), dict(fact_uses(site, "fr", "posting"))
    assert en["posting_allowance"] == "€800" and fr["posting_allowance"] == "800\u00a0€"
    assert en["posting_start"] == "February 2021" and fr["posting_start"] == "février 2021"
    assert en["posting_duration"] == "6\u00a0months" and fr["posting_duration"] == "6\u00a0mois"
    # The seed's disagreement is shown, not hidden.
    assert en["posting_pilot_projects_en"] == "40" and en["posting_pilot_projects_fr"] == "28"
    hdh = dict(fact_uses(site, "fr", "hdh"))
    assert hdh["hdh_effective_date"] == "1er\u00a0décembre 2019"


@pytest.mark.parametrize("language", LANGUAGES)
def test_sourced_facts_link_to_their_source(site: Path, language: str):
    for page in PAGES:
        for node in article(site, language, page).select(".hdhkb-fact"):
            name = next(c for c in node["class"] if c.startswith("hdhkb-fact-"))
            fact = FACTS[name.removeprefix("hdhkb-fact-").removesuffix("-as-of")]
            if fact.source_url and fact.type not in {"email", "url"}:
                assert node.name == "a" and node["href"] == fact.source_url, (page, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_terms_resolve(site: Path, language: str):
    glossary = soup(site / language / "glossary.html")
    anchors = {dt["id"] for dt in glossary.select("dl.glossary dt[id]")}
    assert {f"term-{term}" for term in TERMS} <= anchors
    used = 0
    for page in PAGES:
        for link in article(site, language, page).select('a[href*="#term-"]'):
            href = link["href"]
            assert href.split("#")[0] in {"glossary.html", ""}, href
            assert href.split("#")[1] in anchors, f"{language}/{page}: {href}"
            used += 1
    assert used >= 30


def test_glossary_links_match_across_languages(site: Path):
    def targets(language: str) -> Counter[str]:
        return Counter(a["href"] for page in PAGES
                       for a in article(site, language, page).select('a[href*="#term-"]'))

    assert targets("en") == targets("fr")


def test_foreign_phrases_carry_their_language(site: Path):
    english = article(site, "en", "glossary")
    assert english.select('span[lang="fr"]'), "French names are marked lang=fr on English pages"
    french = article(site, "fr", "glossary")
    assert french.select('span[lang="en"]'), "English names are marked lang=en on French pages"


@pytest.mark.parametrize("page", PAGES)
def test_french_typography(site: Path, page: str):
    for text in article(site, "fr", page).find_all(string=True):
        if text.parent.name in {"script", "style", "code"}:
            continue
        assert not re.search(r"[^\s\u00a0\u202f][:;!?](?=\s|$)", text) or "://" in text, text
        assert not re.search(r" [:;!?]", text), f"ordinary space before punctuation: {text!r}"
        assert "« " not in text and " »" not in text, text
        assert "'" not in text, f"straight apostrophe: {text!r}"


#: Proper names that stay in English on French pages.
NAMES = {"Health Data Research UK"}


@pytest.mark.parametrize("page", PAGES)
def test_no_english_paragraph_on_french_pages(site: Path, page: str):
    def paragraphs(language: str) -> set[str]:
        return {" ".join(p.get_text(" ").split()) for p in
                article(site, language, page).find_all(["p", "li", "td", "th"])}

    french = paragraphs("fr")
    for text in paragraphs("en") - NAMES:
        if len(text.split()) >= 4:
            assert text not in french, f"fr/{page}.html still says {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_posting_is_closed_today(site: Path, language: str):
    page = soup(site / language / "posting.html")
    banner = page.select_one(".hdhkb-posting-status")
    assert "hdhkb-posting-status-closed" in banner["class"]
    text = " ".join(banner.get_text(" ").split())
    expected = {"en": "This posting is closed", "fr": "Cette offre est close"}[language]
    assert text.startswith(expected)
    assert not page.find_all("script", type="application/ld+json")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_postings_list_shows_the_2021_posting_closed_with_its_feed(site: Path,
                                                                        language: str):
    page = soup(site / language / "postings.html")
    (item,) = page.select("ul.hdhkb-postings > li")
    link = item.select_one(".hdhkb-postings-title a")
    assert link["href"] == "posting.html"
    assert link.get_text(strip=True) == soup(site / language / "posting.html").find(
        "h1").get_text().rstrip("¶").strip()
    status = item.select_one(".hdhkb-postings-status").get_text(strip=True)
    assert status == {"en": "Closed", "fr": "Close"}[language]
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
             for dt in item.find_all("dt")}
    assert facts == {
        "en": {"Contract": "Internship", "Team": "Scientific Direction",
               "Location": "Paris, France", "Start": "February 2021", "Duration": "6\u00a0months",
               "Pay": "€800 a month"},
        "fr": {"Contrat": "Stage", "Équipe": "Direction scientifique", "Lieu": "Paris, France",
               "Début": "février 2021", "Durée": "6\u00a0mois",
               "Rémunération": "800\u00a0€ par mois"},
    }[language]
    (head,) = page.find_all("link", type="application/atom+xml")
    assert head["href"] == "postings.atom"
    assert page.select_one("[role=main] a.hdhkb-postings-feed")["href"] == "postings.atom"
    feed = feedparser.parse((site / language / "postings.atom").read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.id == f"tag:kb.health-data-hub.example,2021-02-01:posting-page:{language}"
    assert entry.link == f"https://kb.health-data-hub.example/{language}/posting.html"
    assert "published" not in entry  # the 2021 posting's publication date is not sourced


@pytest.mark.slow
def test_the_2021_posting_while_it_was_open(project_copy: Path):
    """Open in January 2021, yet no JSON-LD: Google requires datePosted, and no source
    gives it (never invented)."""
    make(project_copy, "html", SPHINXOPTS="-D hdhkb_today=2021-01-04")
    for language in LANGUAGES:
        page = soup(project_copy / "_build" / "html" / language / "posting.html")
        banner = page.select_one(".hdhkb-posting-status")
        assert "hdhkb-posting-status-closing-soon" not in banner["class"]
        assert "hdhkb-posting-status-open" in banner["class"]
        assert not page.find_all("script", type="application/ld+json")
        listing = soup(project_copy / "_build" / "html" / language / "postings.html")
        status = listing.select_one(".hdhkb-postings-status").get_text(strip=True)
        assert status == {"en": "Open", "fr": "Ouverte"}[language]


@pytest.mark.slow
def test_a_missing_fact_fails_the_real_build(project_copy: Path):
    page = project_copy / "source" / "hdh.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "A figure nobody sourced: {fact}`hdh_budget_2030`.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = make(project_copy, "html", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"source/hdh\.md:6: WARNING: unknown fact 'hdh_budget_2030'", output), output
    assert not (project_copy / "_build" / "html" / "en").exists()  # nothing published
