"""hdhkb.ext.posting: the status banner and the JobPosting JSON-LD, on the mini project.

tests/roots/test-facts has a posting that starts in February 2021 and no
sourced deadline, so it closes on 1 February 2021; hdhkb_today moves the build
before and after that day. (The real site is checked in tests/test_content.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import schemaorg
from hdhkb.ext.posting import status_on
from helpers import BuildFailed, build, copy_root, soup

#: hdhkb_today -> expected status. The deadline is 2021-02-01; "closing soon" = 14 days.
DATES = {"2020-12-15": "open", "2021-01-17": "open", "2021-01-18": "closing-soon",
         "2021-01-31": "closing-soon", "2021-02-01": "closed", "2026-11-28": "closed"}
#: The dates the mini project is built on (the date logic is tested without builds).
BUILT = {"2020-12-15": "open", "2021-01-20": "closing-soon", "2026-11-28": "closed"}
BANNERS = {
    "en": {"open": "Open: starts in February 2021.",
           "closing-soon": "Closing soon: starts in February 2021.",
           "closed": "Closed: started in February 2021."},
    "fr": {"open": "Ouverte\u00a0: début en février 2021.",
           "closing-soon": "Bientôt close\u00a0: début en février 2021.",
           "closed": "Close\u00a0: a commencé en février 2021."},
}


@pytest.mark.parametrize(("today", "expected"), DATES.items())
def test_status_on_each_day(today: str, expected: str):
    end = dt.date(2021, 2, 1)
    assert status_on(dt.date.fromisoformat(today), end, 14) == expected


def test_no_deadline_no_status():
    assert status_on(dt.date(2021, 1, 1), None, 14) is None


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = {}
    for language in ("en", "fr"):
        for today in BUILT:
            src = copy_root(tmp_path_factory.mktemp(f"posting-{language}-{today}"))
            out[language, today], _ = build(src, language, hdhkb_today=today)
    return out


def json_ld(page: Path) -> list[dict]:
    scripts = soup(page).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("today", "expected"), BUILT.items())
def test_banner_follows_the_date(builds, language: str, today: str, expected: str):
    page = soup(builds[language, today] / "posting.html")
    banners = page.select(".hdhkb-posting-status")
    assert len(banners) == 1
    assert f"hdhkb-posting-status-{expected}" in banners[0]["class"]
    assert [" ".join(p.get_text().split(" ")) for p in banners[0].find_all("p")] == [
        BANNERS[language][expected]
    ]
    # At the top: the banner comes right after the page title.
    assert banners[0].find_previous(["h1", "p"]).name == "h1"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_ld_while_open_has_every_property(builds, language: str):
    (data,) = json_ld(builds[language, "2020-12-15"] / "posting.html")
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == {"en": "An internship", "fr": "Un stage"}[language]
    assert data["description"].startswith("<p>")
    assert {"en": "€800 a month", "fr": "800\u00a0€ par mois"}[language] in data["description"]
    assert "<ul><li>" in data["description"]
    assert data["datePosted"] == "2020-12-01"
    assert data["validThrough"] == "2021-02-01"
    assert data["jobStartDate"] == "2021-02"
    assert data["employmentType"] == "INTERN"
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["hiringOrganization"]["sameAs"] == "https://www.example.org"
    place = data["jobLocation"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress", "streetAddress": '1 rue </script> & "Co"',
        "postalCode": "75015", "addressLocality": "Paris", "addressCountry": "FR",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount", "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "value": 800, "unitText": "MONTH"},
    }
    assert data["directApply"] is False
    assert data["url"] == f"https://kb.example.org/site/{language}/posting.html"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_ld_uses_only_the_schema_org_vocabulary(builds, language: str):
    """Types, properties and nested types all schema.org's; Google's required ones there."""
    (data,) = json_ld(builds[language, "2020-12-15"] / "posting.html")
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
    page = builds["en", "2020-12-15"] / "posting.html"
    html = page.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD block"
    raw = block.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003c/script\\u003e" in raw
    # No script was injected: the only scripts are the theme's and ours.
    assert "alert(1)" not in "".join(s.get_text() for s in soup(page).find_all("script")
                                     if s.get("type") != "application/ld+json")
    (data,) = json_ld(page)  # and the value comes back intact
    assert data["hiringOrganization"]["name"] == 'ACME "R&D" </script><script>alert(1)</script>'


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_json_ld_once_closed(builds, language: str):
    for today, expected in BUILT.items():
        found = json_ld(builds[language, today] / "posting.html")
        assert bool(found) == (expected != "closed"), (today, found)
    # Only the posting page carries it.
    assert not json_ld(builds[language, "2020-12-15"] / "index.html")


def test_a_new_day_rewrites_the_posting_page_only(tmp_path: Path):
    """The date is no environment setting: a new day re-reads no page and rewrites only
    the page whose status changed."""
    from sphinx.testing.util import SphinxTestApp

    src = copy_root(tmp_path)

    def build_on(today: str) -> tuple[str, Path]:
        status = StringIO()
        app = SphinxTestApp("html", srcdir=src, confoverrides={"hdhkb_today": today},
                            status=status, warning=StringIO())
        try:
            app.build()
            return re.sub(r"\x1b\[[0-9;]*m", "", status.getvalue()), Path(app.outdir)
        finally:
            app.cleanup()

    build_on("2020-12-15")
    log, out = build_on("2026-11-28")
    assert "0 added, 0 changed, 0 removed" in log, log
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] posting$", log, re.M), log
    assert soup(out / "posting.html").select_one(".hdhkb-posting-status-closed")
    log, _ = build_on("2026-11-29")  # still closed: nothing to read, nothing to write
    assert "0 added, 0 changed, 0 removed" in log, log
    assert not re.search(r"writing output\.\.\. \[\s*\d+%\] posting$", log, re.M), log


def test_a_sourced_deadline_wins_over_the_start(tmp_path: Path):
    src = copy_root(tmp_path)
    facts = src / "_data" / "facts.toml"
    facts.write_text(facts.read_text()
                     + '\n[deadline]\ntype = "date"\nvalue = 2021-01-10\nsource = "posting"\n')
    out, _ = build(src, "en", hdhkb_today="2021-01-15", hdhkb_posting_deadline_fact="deadline")
    assert soup(out / "posting.html").select_one(".hdhkb-posting-status-closed")
    assert not json_ld(out / "posting.html")


def test_a_missing_start_fact_fails_the_build(tmp_path: Path):
    src = copy_root(tmp_path)
    with pytest.raises(BuildFailed, match="no start or deadline fact"):
        build(src, "en", hdhkb_posting_start_fact="nope")


def test_a_malformed_today_is_refused(tmp_path: Path):
    with pytest.raises(ConfigError, match="hdhkb_today must be a date"):
        build(copy_root(tmp_path), "en", hdhkb_today="28/11/2026")


def test_the_banner_needs_three_paragraphs(tmp_path: Path):
    src = copy_root(tmp_path)
    page = src / "posting.md"
    page.write_text(page.read_text().replace("Closed: started in {fact}`start`.\n", ""))
    with pytest.raises(BuildFailed, match=r"posting\.md:4: WARNING: posting-status needs"):
        build(src, "en")
