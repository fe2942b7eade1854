"""``make new-posting``: a posting with its facts skeleton, published in both languages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import feedparser
import polib
import pytest

from helpers import LANGUAGES, make, soup

FRENCH_TITLE = "Ingénieur ou ingénieure des données"


@pytest.mark.slow
def test_new_posting_then_update_po_translation_and_html_publish_it(project_copy: Path):
    """The editors' whole path (docs/editors.md, "Publish a job posting")."""
    result = make(project_copy, "new-posting", NAME="data-engineer-2026", TITLE="Data engineer")
    assert "make update-po" in result.stdout
    make(project_copy, "update-po")
    po_path = project_copy / "locale/fr/LC_MESSAGES/postings/data-engineer-2026.po"
    catalog = polib.pofile(str(po_path))
    assert catalog.untranslated_entries()
    for entry in catalog:  # the translator's work: every message, roles kept
        entry.msgstr = FRENCH_TITLE if entry.msgid == "Data engineer" else f"FR {entry.msgid}"
    catalog.save()
    make(project_copy, "html")
    html = project_copy / "_build" / "html"
    for language in LANGUAGES:
        page = soup(html / language / "postings" / "data-engineer-2026.html")
        title = {"en": "Data engineer", "fr": FRENCH_TITLE}[language]
        assert page.select_one("h1").get_text().rstrip("¶").strip() == title
        banner = page.select_one(".hdhkb-posting-status")
        assert "hdhkb-posting-status-open" in banner["class"]  # deadline: in 30 days
        listing = soup(html / language / "postings.html")
        first = listing.select_one("ul.hdhkb-postings > li")
        assert first.select_one("a")["href"] == "postings/data-engineer-2026.html"
        assert first.select_one("a").get_text(strip=True) == title
        feed = feedparser.parse((html / language / "postings.atom").read_bytes())
        assert not feed.bozo
        today = dt.date.today().isoformat()
        assert f"tag:kb.health-data-hub.example,{today}:data-engineer-2026-page:{language}" in {
            entry.id for entry in feed.entries}
        assert len(feed.entries) == 2  # and the 2021 posting
        # In the navigation, under the postings.
        assert "postings/data-engineer-2026.html" in [
            a["href"] for a in listing.select(".sidebar-tree a.reference.internal")]
    assert re.search(r"FR Write to", (html / "fr/postings/data-engineer-2026.html").read_text())


def test_taken_names_and_fact_prefixes_are_refused(tmp_path: Path):
    from hdhkb.tools.new_page import NewPageError
    from hdhkb.tools.new_posting import new_posting

    source = tmp_path / "source"
    (source / "_data").mkdir(parents=True)
    (source / "_data" / "facts.toml").write_text(
        '[analyst_deadline]\ntype = "date"\nvalue = 2030-01-01\nsource = "posting"\n')
    (source / "postings.md").write_text("# Postings\n\n```{toctree}\n:hidden:\n\nposting\n```\n")
    before = sorted(source.rglob("*"))
    with pytest.raises(NewPageError, match=r"facts named analyst_… exist already"):
        new_posting(source, "analyst", "Analyst", dt.date(2030, 1, 1))
    with pytest.raises(NewPageError, match="lower-case letters"):
        new_posting(source, "Analyst", "Analyst", dt.date(2030, 1, 1))
    assert sorted(source.rglob("*")) == before
    new_posting(source, "data-analyst", "Data analyst", dt.date(2030, 1, 1))
    assert (source / "postings.md").read_text().endswith(
        "posting\npostings/data-analyst\n```\n")
    facts = (source / "_data" / "facts.toml").read_text()
    assert "[data_analyst_deadline]\ntype = \"date\"\nvalue = 2030-01-31\n" in facts
    assert "[data_analyst_start]\ntype = \"month\"\nvalue = \"2030-02\"\n" in facts
    with pytest.raises(NewPageError, match="already exists"):
        new_posting(source, "data-analyst", "Data analyst", dt.date(2030, 1, 1))
