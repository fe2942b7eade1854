"""hdhkb.ext.posting and hdhkb.ext.postings_feed: postings as a collection, on a mini project.

tests/roots/test-postings has three postings around ``hdhkb_today = 2030-06-01``:
a data engineer (open, deadline 15 July), a policy intern (closing soon,
deadline 10 June) and an analyst (closed in 2029), their list page and, in
French, every page translated. One build per language serves most tests; the
date logic is tested without builds. (The real site is checked in
tests/test_content.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from io import StringIO
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from sphinx.errors import ConfigError

import schemaorg
from hdhkb.ext.posting import status_on
from helpers import BuildFailed, build, copy_root, soup

#: hdhkb_today -> expected status. The deadline is 2021-02-01; "closing soon" = 14 days.
DATES = {"2020-12-15": "open", "2021-01-17": "open", "2021-01-18": "closing-soon",
         "2021-01-31": "closing-soon", "2021-02-01": "closed", "2026-11-28": "closed"}
#: page -> its status on 2030-06-01, in the order the list shows them.
POSTINGS = {"postings/data-engineer": "open", "postings/policy-intern": "closing-soon",
            "postings/analyst": "closed"}
TITLES = {"en": ["Data engineer", "Policy intern", "Analyst"],
          "fr": ["Ingénieur ou ingénieure des données", "Stage en politiques publiques",
                 "Analyste"]}
STATUS_WORDS = {"en": ["Open", "Closing soon", "Closed"],
                "fr": ["Ouverte", "Bientôt close", "Close"]}
BANNERS = {
    "en": {"open": "Open: apply by 15\u00a0July 2030.",
           "closing-soon": "Closing soon: apply by 10\u00a0June 2030.",
           "closed": "Closed: the deadline was 30\u00a0November 2029."},
    "fr": {"open": "Ouverte\u00a0: candidatures jusqu’au 15\u00a0juillet 2030.",
           "closing-soon": "Bientôt close\u00a0: candidatures jusqu’au 10\u00a0juin 2030.",
           "closed": "Close\u00a0: la date limite était le 30\u00a0novembre 2029."},
}
#: Google's required JobPosting properties (developers.google.com/search/docs/appearance/
#: structured-data/job-posting), validThrough because every posting here has a deadline.
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation",
                   "validThrough"}
#: The schema.org properties of each type we emit (https://schema.org/JobPosting etc.).
SCHEMA_ORG = {
    "JobPosting": {"title", "description", "datePosted", "validThrough", "employmentType",
                   "hiringOrganization", "jobLocation", "baseSalary", "jobStartDate",
                   "directApply", "url"},
    "Organization": {"name", "sameAs"},
    "Place": {"address"},
    "PostalAddress": {"streetAddress", "postalCode", "addressLocality", "addressCountry"},
    "MonetaryAmount": {"currency", "value"},
    "QuantitativeValue": {"value", "unitText"},
}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(("today", "expected"), DATES.items())
def test_status_on_each_day(today: str, expected: str):
    end = dt.date(2021, 2, 1)
    assert status_on(dt.date.fromisoformat(today), end, 14) == expected


def test_no_deadline_no_status():
    assert status_on(dt.date(2021, 1, 1), None, 14) is None


def root(tmp_path: Path) -> Path:
    return copy_root(tmp_path, "test-postings")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for language in ("en", "fr"):
        src = root(tmp_path_factory.mktemp(f"postings-{language}"))
        out[language], _ = build(src, language)
    return out


def json_ld(page: Path) -> list[dict]:
    scripts = soup(page).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_posting_shows_its_own_status(builds, language: str):
    for page, expected in POSTINGS.items():
        html = soup(builds[language] / f"{page}.html")
        (banner,) = html.select(".hdhkb-posting-status")
        assert f"hdhkb-posting-status-{expected}" in banner["class"]
        assert [p.get_text() for p in banner.find_all("p")] == [BANNERS[language][expected]]
        assert banner.find_previous(["h1", "p"]).name == "h1"  # at the top, under the title


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_list_shows_open_closing_soon_then_closed(builds, language: str):
    page = soup(builds[language] / "postings.html")
    items = page.select("ul.hdhkb-postings > li")
    assert [text(item.select_one(".hdhkb-postings-title a")) for item in items] \
        == TITLES[language]
    assert [text(item.select_one(".hdhkb-postings-status")) for item in items] \
        == STATUS_WORDS[language]
    links = [item.select_one(".hdhkb-postings-title a")["href"] for item in items]
    assert links == [f"{page}.html" for page in POSTINGS]
    facts = {dt_.get_text().strip(): dt_.find_next_sibling("dd").get_text().strip()
             for dt_ in items[0].find_all("dt")}
    assert facts == {
        "en": {"Contract": "Fixed-term contract", "Team": "Data platform",
               "Location": "Paris, France", "Start": "September 2030", "Duration": "12\u00a0months",
               "Pay": "€3,200 a month", "Apply before": "15\u00a0July 2030",
               "Posted on": "20\u00a0May 2030"},
        "fr": {"Contrat": "Contrat à durée déterminée", "Équipe": "Plateforme de données",
               "Lieu": "Paris (France)", "Début": "septembre 2030", "Durée": "12\u00a0mois",
               "Rémunération": "3\u202f200\u00a0€ par mois",
               "Candidater avant le": "15\u00a0juillet 2030", "Publiée le": "20\u00a0mai 2030"},
    }[language]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_list_links_its_feed_from_head_and_body(builds, language: str):
    page = soup(builds[language] / "postings.html")
    (head,) = page.find_all("link", type="application/atom+xml")
    assert head["rel"] == ["alternate"] and head["href"] == "postings.atom"
    body = page.select_one("[role=main] a.hdhkb-postings-feed")
    assert body["href"] == "postings.atom"
    assert text(body) == {"en": "Atom feed of the postings", "fr": "Flux Atom des offres"}[language]
    assert (builds[language] / "postings.atom").is_file()
    # Only the list page links it.
    assert not soup(builds[language] / "index.html").find_all("link", type="application/atom+xml")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_ld_only_on_open_postings_with_googles_fields_in_schema_org(builds, language: str):
    for page, expected in POSTINGS.items():
        found = json_ld(builds[language] / f"{page}.html")
        assert bool(found) == (expected != "closed"), (page, found)
    assert not json_ld(builds[language] / "postings.html")
    (data,) = json_ld(builds[language] / "postings/data-engineer.html")
    assert data.keys() >= GOOGLE_REQUIRED

    def vocabulary(node: dict) -> None:
        assert node.keys() - {"@context", "@type"} <= SCHEMA_ORG[node["@type"]], node
        for value in node.values():
            if isinstance(value, dict):
                vocabulary(value)

    vocabulary(data)
    assert data["@context"] == "https://schema.org/"
    assert data["title"] == TITLES[language][0]
    assert data["datePosted"] == "2030-05-20"
    assert data["validThrough"] == "2030-07-15"
    assert data["jobStartDate"] == "2030-09"
    assert data["employmentType"] == "TEMPORARY"
    assert data["description"].startswith("<p>") and "<ul><li>" in data["description"]
    assert {"en": "€3,200 a month", "fr": "3\u202f200\u00a0€ par mois"}[language] \
        in data["description"]
    assert data["hiringOrganization"]["sameAs"] == "https://www.example.org"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress", "streetAddress": '1 rue </script> & "Co"',
        "postalCode": "75015", "addressLocality": "Paris", "addressCountry": "FR",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount", "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "value": 3200, "unitText": "MONTH"},
    }
    assert data["url"] == f"https://kb.example.org/site/{language}/postings/data-engineer.html"
    (intern,) = json_ld(builds[language] / "postings/policy-intern.html")
    assert intern["employmentType"] == "INTERN" and intern["validThrough"] == "2030-06-10"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_ld_uses_only_the_schema_org_vocabulary(builds, language: str):
    """Types, properties and nested types all schema.org's; Google's required ones there."""
    (data,) = json_ld(builds[language] / "postings/data-engineer.html")
    assert schemaorg.problems(data) == []
    assert schemaorg.missing_google_properties(data) == []


def test_the_vocabulary_check_finds_what_is_not_schema_org():
    """The check itself: what the markup once had (inLanguage), and other slips."""
    posting = {"@context": "https://schema.org/", "@type": "JobPosting", "title": "T",
               "inLanguage": "fr", "directApply": "no",
               "hiringOrganization": {"@type": "Place", "name": "H"},
               "baseSalary": {"@type": "Salary", "currency": "EUR"}}
    assert schemaorg.problems(posting) == [
        "inLanguage: 'inLanguage' is not a property of JobPosting (nor of its ancestors)",
        "directApply: 'no' fits none of Boolean",
        "hiringOrganization: a Place where hiringOrganization expects Organization or Person",
        "baseSalary: @type 'Salary' is not a schema.org type",
    ]
    assert schemaorg.missing_google_properties(posting) == [
        "description", "jobLocation"]  # datePosted: absent, and docs/maintainers.md says why


def test_json_ld_cannot_break_out_of_its_script(builds):
    page = builds["en"] / "postings/data-engineer.html"
    html = page.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD block"
    raw = block.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003c/script\\u003e" in raw
    assert "alert(1)" not in "".join(s.get_text() for s in soup(page).find_all("script")
                                     if s.get("type") != "application/ld+json")
    (data,) = json_ld(page)
    assert data["hiringOrganization"]["name"] == 'ACME "R&D" </script><script>alert(1)</script>'


def feed_entries(feed: Path) -> list[tuple[str, str]]:
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    return [(entry.id, entry.title) for entry in parsed.entries]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_feed_is_valid_atom_with_one_entry_per_posting(builds, language: str):
    feed = builds[language] / "postings.atom"
    document = etree.parse(str(feed)).getroot()
    # RFC 4287 4.1.1 and 4.1.2: what a feed and each entry must hold, once.
    assert document.tag == f"{ATOM}feed"
    for element, required in [(document, ("id", "title", "updated", "author")),
                              *[(entry, ("id", "title", "updated", "summary"))
                                for entry in document.iter(f"{ATOM}entry")]]:
        for name in required:
            assert len(element.findall(f"{ATOM}{name}")) == 1, (name, etree.tostring(element))
        assert element.find(f"{ATOM}link[@rel='alternate']") is not None or \
            element.find(f"{ATOM}link") is not None
    entries = feed_entries(feed)
    assert sorted(title for _id, title in entries) == sorted(TITLES[language])
    assert {entry_id for entry_id, _title in entries} == {
        f"tag:kb.example.org,2030-05-20:data-engineer-page:{language}",
        f"tag:kb.example.org,2030-05-01:policy-intern-page:{language}",
        f"tag:kb.example.org,2029-10-01:analyst-page:{language}",
    }
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.feed.language == language
    assert parsed.feed.updated == "2030-05-20T00:00:00+00:00"  # the latest posting, not now
    summaries = [entry.summary for entry in parsed.entries]
    assert summaries[0].startswith(STATUS_WORDS[language][0])


def test_feed_ids_survive_an_edit_and_a_new_day_and_builds_are_repeatable(tmp_path: Path):
    """Same sources, same bytes (incremental = clean); an edited posting keeps its entry id."""
    src = root(tmp_path)
    out, _ = build(src, "en")
    first = (out / "postings.atom").read_bytes()
    out, _ = build(src, "en")  # incremental, nothing changed
    assert (out / "postings.atom").read_bytes() == first
    page = src / "postings" / "data-engineer.md"
    page.write_text(page.read_text().replace("# Data engineer", "# Senior data engineer"))
    out, _ = build(src, "en", hdhkb_today="2030-06-05")
    after = feed_entries(out / "postings.atom")
    assert ("tag:kb.example.org,2030-05-20:data-engineer-page:en", "Senior data engineer") \
        in after
    assert [entry_id for entry_id, _ in after] == [entry_id for entry_id, _ in
                                                  feedparser_ids(first)]
    clean = src.parent / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    fresh, _ = build(clean, "en", hdhkb_today="2030-06-05")
    assert (fresh / "postings.atom").read_bytes() == (out / "postings.atom").read_bytes()


def feedparser_ids(data: bytes) -> list[tuple[str, str]]:
    return [(entry.id, entry.title) for entry in feedparser.parse(data).entries]


def test_a_new_day_rewrites_only_what_changed(tmp_path: Path):
    """The date is no environment setting: a new day re-reads no page; the posting whose
    status changed and the list are rewritten, nothing else."""
    from sphinx.testing.util import SphinxTestApp

    src = root(tmp_path)

    def written_on(today: str) -> tuple[str, set[str], Path]:
        status = StringIO()
        app = SphinxTestApp("html", srcdir=src, confoverrides={"hdhkb_today": today},
                            status=status, warning=StringIO())
        pages: set[str] = set()
        app.connect("html-page-context", lambda _app, pagename, *_: pages.add(pagename))
        try:
            app.build()
            # The pages written, from the event rather than the progress log (whose line
            # ends depend on whether the terminal takes colours).
            written = pages & set(app.env.found_docs)
            return status.getvalue(), written, Path(app.outdir)
        finally:
            app.cleanup()

    written_on("2030-06-01")
    log, written, out = written_on("2030-06-10")  # the intern's deadline: it closes
    assert "0 added, 0 changed, 0 removed" in log, log
    # (Sphinx also rewrites the pages whose toctree holds a rewritten page: index.)
    assert {"postings/policy-intern", "postings"} <= written, log
    assert not written & {"postings/data-engineer", "postings/analyst"}, log
    assert soup(out / "postings/policy-intern.html").select_one(".hdhkb-posting-status-closed")
    statuses = [text(s) for s in soup(out / "postings.html").select(".hdhkb-postings-status")]
    assert statuses == ["Open", "Closed", "Closed"]
    log, written, _ = written_on("2030-06-11")  # nothing changes status
    assert "0 added, 0 changed, 0 removed" in log, log
    assert written == set(), log


@pytest.mark.parametrize(("old", "new", "message"), [
    (":deadline: engineer_deadline", ":deadline: engineer_dedline",
     r"data-engineer\.md:6: WARNING: posting-status :deadline: names no fact 'engineer_dedline'"),
    (":salary: engineer_salary", ":salary: engineer_start",
     r"data-engineer\.md:10: WARNING: posting-status :salary: fact 'engineer_start' is a month"),
    (":employment-type: TEMPORARY", ":employment-type: CDD",
     r"data-engineer\.md:9: WARNING: posting-status :employment-type: must be one of"),
    ("Closing soon: apply by {fact}`engineer_deadline`.\n\n", "",
     r"data-engineer\.md:4: WARNING: posting-status needs exactly 3 paragraphs"),
])
def test_a_wrong_posting_fails_the_build_at_its_line(tmp_path: Path, old: str, new: str,
                                                     message: str):
    src = root(tmp_path)
    page = src / "postings" / "data-engineer.md"
    assert old in page.read_text()
    page.write_text(page.read_text().replace(old, new))
    with pytest.raises(BuildFailed, match=message):
        build(src, "en")


def test_an_open_posting_without_a_sourced_date_posted_gets_no_json_ld(tmp_path: Path):
    """The 2021 posting's case (tests/roots/test-facts): open, but datePosted unknown."""
    out, _ = build(copy_root(tmp_path), "en", hdhkb_today="2020-12-15")
    page = out / "posting.html"
    assert soup(page).select_one(".hdhkb-posting-status-open")
    assert not json_ld(page)


def test_a_malformed_today_is_refused(tmp_path: Path):
    with pytest.raises(ConfigError, match="hdhkb_today must be a date"):
        build(root(tmp_path), "en", hdhkb_today="28/11/2026")
