"""The real site, built once per session: both languages, every page, right language."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import LANGUAGES, ROOT, pages, soup

#: Sentences of the posting as the French reader must see them.
FRENCH_SENTENCES = {
    "posting.html": [
        "Stage chargé(e) de projets internationaux",
        "Contribuer à l'animation de l'écosystème international des données de santé",
        "Compétences managériales et relationnelles",
        "Pour postuler",
    ],
    "index.html": ["Cette base de connaissances présente le Health Data Hub"],
}
ENGLISH_SENTENCES = {
    "posting.html": ["International policy internship", "Management and interpersonal skills"],
}


def test_every_page_exists_in_both_languages(site: Path):
    english, french = pages(site, "en"), pages(site, "fr")
    assert "posting.html" in english
    assert english == french


def test_every_source_page_is_built(site: Path):
    sources = sorted(
        str(p.relative_to(ROOT / "source").with_suffix(".html"))
        for p in (ROOT / "source").rglob("*.md")
        if not p.name.startswith("_")
    )
    for language in LANGUAGES:
        built = pages(site, language)
        assert set(sources) <= set(built), f"{language}: missing {set(sources) - set(built)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_is_right_on_every_page(site: Path, language: str):
    for page in pages(site, language):
        html = soup(site / language / page).html
        assert html.get("lang") == language, f"{language}/{page}: lang={html.get('lang')!r}"


@pytest.mark.parametrize(("page", "sentences"), FRENCH_SENTENCES.items())
def test_french_pages_are_in_french(site: Path, page: str, sentences: list[str]):
    # Smart quotes give French apostrophes (’); compare on plain ones.
    text = " ".join(soup(site / "fr" / page).get_text(" ").replace("\u2019", "'").split())
    for sentence in sentences:
        assert sentence in text, f"fr/{page} lacks {sentence!r}"


@pytest.mark.parametrize(("page", "sentences"), ENGLISH_SENTENCES.items())
def test_english_pages_are_in_english(site: Path, page: str, sentences: list[str]):
    text = " ".join(soup(site / "en" / page).get_text(" ").split())
    for sentence in sentences:
        assert sentence in text
    french = " ".join(soup(site / "fr" / page).get_text(" ").split())
    for sentence in sentences:
        assert sentence not in french, f"fr/{page} still says {sentence!r}"


def test_root_chooser_links_both_languages(site: Path):
    root = soup(site / "index.html")
    links = {a["hreflang"]: a["href"] for a in root.select("a[hreflang]")}
    assert links == {"en": "en/", "fr": "fr/"}
    script = root.find("script", src=True)
    assert script and (site / script["src"]).is_file()
    js = (site / script["src"]).read_text()
    assert "navigator.languages" in js and '["en", "fr"]' in js
