"""hdhkb.ext.facts: typed facts, formatted per language, and the errors that must fail a build.

Unit tests for parsing and formatting, then builds of the mini project
tests/roots/test-facts (English and French, strict) and of broken copies of it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from hdhkb.ext.facts import FactError, format_fact, parse_facts
from helpers import ROOT, BuildFailed, build, copy_root, soup

NB, NNB = "\u00a0", "\u202f"
ROOTS = ROOT / "tests" / "roots"


def one(text: str):
    facts, errors = parse_facts(text)
    assert not errors, errors
    (fact,) = facts.values()
    return fact


# ---------------------------------------------------------------- formatting

@pytest.mark.parametrize(("toml", "english", "french"), [
    ('type = "money"\nvalue = 800\ncurrency = "EUR"', "€800", f"800{NB}€"),
    ('type = "money"\nvalue = 1000\ncurrency = "EUR"', "€1,000", f"1{NNB}000{NB}€"),
    ('type = "money"\nvalue = 2500000\ncurrency = "EUR"\ncompact = true',
     f"€2.5{NB}million", f"2,5{NB}millions d’euros"),
    ('type = "money"\nvalue = 52700000\ncurrency = "GBP"\ncompact = true',
     f"£52.7{NB}million", f"52,7{NB}millions de livres sterling"),
    ('type = "money"\nvalue = 1500000\ncurrency = "EUR"\ncompact = true',
     f"€1.5{NB}million", f"1,5{NB}million d’euros"),  # French: "million" plural from 2
    ('type = "money"\nvalue = 900000\ncurrency = "EUR"\ncompact = true',
     "€900,000", f"900{NNB}000{NB}€"),  # below a million: digits
    ('type = "month"\nvalue = "2021-02"', "February 2021", "février 2021"),
    ("type = \"date\"\nvalue = 2019-12-01", f"1{NB}December 2019", f"1er{NB}décembre 2019"),
    ("type = \"date\"\nvalue = 2019-11-29", f"29{NB}November 2019", f"29{NB}novembre 2019"),
    ('type = "year"\nvalue = 2021', "2021", "2021"),
    ('type = "integer"\nvalue = 52000', "52,000", f"52{NNB}000"),
    ('type = "integer"\nvalue = 7500000\ncompact = true', f"7.5{NB}million",
     f"7,5{NB}millions"),
    ('type = "integer"\nvalue = 2000000000\ncompact = true', f"2{NB}billion",
     f"2{NB}milliards"),
    ('type = "percent"\nvalue = 60', "60%", f"60{NB}%"),
    ('type = "duration"\nvalue = 6\nunit = "month"', f"6{NB}months", f"6{NB}mois"),
    ('type = "duration"\nvalue = 1\nunit = "week"', f"1{NB}week", f"1{NB}semaine"),
    ('type = "duration"\nvalue = 2\nunit = "year"', f"2{NB}years", f"2{NB}ans"),  # CLDR: plain
    ('type = "text"\nvalue = { en = "Paris, France", fr = "Paris (France)" }',
     "Paris, France", "Paris (France)"),
    ('type = "email"\nvalue = "jobs@example.org"', "jobs@example.org", "jobs@example.org"),
    ('type = "address"\nstreet = "9 rue X"\npostal_code = "75015"\nlocality = "Paris"\n'
     'country = "FR"', "9 rue X, 75015 Paris", "9 rue X, 75015 Paris"),
])
def test_each_type_is_formatted_for_each_language(toml: str, english: str, french: str):
    fact = one(f'[f]\n{toml}\nsource = "posting"\n')
    assert format_fact(fact, "en") == english
    assert format_fact(fact, "fr") == french


@pytest.mark.parametrize(("toml", "english", "french"), [
    ('type = "duration"\nvalue = 1\nunit = "week"', f"1{NB}week", "une semaine"),
    ('type = "duration"\nvalue = 2\nunit = "year"', f"2{NB}years", "deux ans"),
    ('type = "duration"\nvalue = 1\nunit = "day"', f"1{NB}day", "un jour"),
    ('type = "duration"\nvalue = 12\nunit = "month"', f"12{NB}months", f"12{NB}mois"),
    ('type = "integer"\nvalue = 1', "1", "un"),
    ('type = "integer"\nvalue = 9', "9", "neuf"),
    ('type = "integer"\nvalue = 10', "10", "10"),
    ('type = "integer"\nvalue = 7500000\ncompact = true', f"7.5{NB}million", f"7,5{NB}millions"),
    ('type = "percent"\nvalue = 5', "5%", f"5{NB}%"),
    ('type = "year"\nvalue = 2021', "2021", "2021"),
])
def test_small_numbers_in_running_text(toml: str, english: str, french: str):
    """French spells 0 to 9 out in a sentence; English keeps digits (docs/editors.md)."""
    fact = one(f'[f]\n{toml}\nsource = "posting"\n')
    assert format_fact(fact, "en", running_text=True) == english
    assert format_fact(fact, "fr", running_text=True) == french


#: A digit, then a space that is not the one no-break space (U+202F only inside numbers).
LOOSE_SPACE = re.compile(r"\d(?: |\u202f(?!\d))")
#: Abbreviated scales ("2.5M", « 2,5 M € »): French and English writers use words.
ABBREVIATED = re.compile(r"\d\s?(?:M|Md|Mrd|bn|k)\b")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_real_fact_follows_the_number_rules(language: str):
    """Each fact of source/_data/facts.toml, in both languages, as text and in a sentence."""
    facts, _ = parse_facts((ROOT / "source" / "_data" / "facts.toml").read_text())
    for fact in [*facts.values(), *(f.as_of for f in facts.values() if f.as_of)]:
        for running in (False, True):
            text = format_fact(fact, language, running_text=running)
            where = (fact.name, running, text)
            assert text and text == text.strip(), where
            if fact.type in {"email", "url", "text", "address"}:
                continue
            assert not LOOSE_SPACE.search(text), where  # no-break space after every number
            assert not ABBREVIATED.search(text), where
            if fact.type == "date":
                assert not text.startswith("0"), where
                assert text.startswith(f"1er{NB}") == (language == "fr" and fact.value.day == 1), \
                    where
            if fact.type in {"integer", "duration"} and running and language == "fr" \
                    and 0 <= fact.value < 10:
                assert not any(c.isdigit() for c in text), where  # « deux ans »
            elif language == "en" or not running:
                assert text == format_fact(fact, language), where  # only French spells out
            if fact.type == "money" and fact.extra.get("compact"):
                if language == "fr":
                    assert re.fullmatch(r"[\d,]+\u00a0millions? (?:d’|de )[a-z ]+", text), where
                else:
                    assert re.fullmatch(r"\D+[\d.]+\u00a0million", text), where


def test_number_style_of_the_facts_named_in_the_french_review():
    """The amounts and small numbers of issue 14, as a French writer writes them."""
    facts, _ = parse_facts((ROOT / "source" / "_data" / "facts.toml").read_text())

    def fr(name: str, running: bool = True) -> str:
        return format_fact(facts[name], "fr", running_text=running).replace(NB, " ")

    assert fr("tehdas_eu_contribution") == "2,5 millions d’euros"
    assert fr("tehdas_total_budget") == "4,17 millions d’euros"
    assert fr("tehdas2_budget") == "6,7 millions d’euros"
    assert fr("hdruk_core_funding_first") == "52,7 millions de livres sterling"
    assert fr("hdruk_core_funding_second") == "72,3 millions de livres sterling"
    assert fr("fdz_insured_people") == "74 millions"
    assert fr("padris_users") == "7,5 millions"
    assert fr("ai4health_duration") == "une semaine"
    assert fr("posting_tehdas_duration") == fr("findata_mou_duration") == "deux ans"
    assert fr("posting_data_volume_petabytes") == "un"
    assert fr("posting_duration", running=False) == "6 mois"  # a value in a list of key facts
    english = {name: format_fact(facts[name], "en", running_text=True).replace(NB, " ")
               for name in ("hdruk_core_funding_first", "tehdas_eu_contribution",
                            "posting_duration", "fdz_insured_people")}
    assert english == {"hdruk_core_funding_first": "£52.7 million",
                       "tehdas_eu_contribution": "€2.5 million", "posting_duration": "6 months",
                       "fdz_insured_people": "74 million"}


def test_as_of_keeps_its_own_precision():
    facts, _ = parse_facts(
        '[a]\ntype = "integer"\nvalue = 1\nas_of = "2021-12"\nsource = "posting"\n'
        '[b]\ntype = "integer"\nvalue = 1\nas_of = 2022\nsource = "posting"\n'
        '[c]\ntype = "integer"\nvalue = 1\nas_of = 2025-02-07\nsource = "posting"\n'
    )
    assert format_fact(facts["a"].as_of, "fr") == "décembre 2021"
    assert format_fact(facts["b"].as_of, "en") == "2022"
    assert format_fact(facts["c"].as_of, "en") == "7\u00a0February 2025"


def test_the_real_facts_file_is_valid_and_sourced():
    facts, errors = parse_facts((ROOT / "source" / "_data" / "facts.toml").read_text())
    assert not errors, [f"facts.toml:{e.line}: {e}" for e in errors]
    assert len(facts) > 50
    for fact in facts.values():
        assert fact.source == "posting" or fact.source_url, fact.name
    # The seed posting's two versions disagree: both are kept, each sourced.
    assert facts["posting_pilot_projects_en"].value == 40
    assert facts["posting_pilot_projects_fr"].value == 28
    assert facts["posting_start"].date() == dt.date(2021, 2, 1)


# ---------------------------------------------------------------- bad files

@pytest.mark.parametrize(("text", "line", "message"), [
    ('[a]\ntype = "year"\nvalue = 2021\nsource = "posting"\n\n[b]\ntype = "moneyy"\n'
     'value = 1\nsource = "posting"\n', 6, "type must be one of"),
    ('[a]\ntype = "year"\nvalue = 2021\n', 1, "lacks source"),
    ('\n\n[a]\ntype = "month"\nvalue = "February 2021"\nsource = "posting"\n', 3,
     'a month is written "YYYY-MM"'),
    ('[a]\ntype = "date"\nvalue = "2021-02-01"\nsource = "posting"\n', 1, "a TOML date"),
    ('[a]\ntype = "money"\nvalue = 800\nsource = "posting"\n', 1, "lacks currency"),
    ('[a]\ntype = "year"\nvalue = 2021\nsource = "somewhere"\n', 1, "source must be"),
    ('[a]\ntype = "year"\nvalue = 2021\nsource = "posting"\ncolour = "red"\n', 1,
     "unknown key(s) colour"),
    ('[a]\ntype = "year"\nvalue = 2021\nsource = "posting"\n[a.b]\n', 1, "unknown key(s) b"),
    ('[a]\ntype = "year"\nvalue = = 2021\n', 3, "not valid TOML"),
    ('[Bad-Name]\ntype = "year"\nvalue = 2021\nsource = "posting"\n', 1, "lower_snake_case"),
])
def test_malformed_facts_are_reported_with_their_line(text: str, line: int, message: str):
    _, errors = parse_facts(text)
    assert len(errors) == 1
    assert isinstance(errors[0], FactError)
    assert errors[0].line == line
    assert message in str(errors[0])


# ---------------------------------------------------------------- builds

@pytest.fixture(scope="module")
def facts_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for language in ("en", "fr"):
        src = copy_root(tmp_path_factory.mktemp(f"facts-{language}"))
        out[language], warnings = build(src, language)
        assert not warnings, warnings
    return out


def fact_texts(page: Path) -> dict[str, str]:
    found = {}
    for node in soup(page).select(".hdhkb-fact"):
        name = next(c for c in node["class"] if c.startswith("hdhkb-fact-"))
        found[name.removeprefix("hdhkb-fact-")] = node.get_text()
    return found


def test_facts_render_in_english(facts_site: dict[str, Path]):
    facts = fact_texts(facts_site["en"] / "index.html")
    assert facts == {
        "allowance": "€800", "budget": f"€2.5{NB}million", "start": "February 2021",
        "created": f"1{NB}December 2019", "members": "56", "members-as-of": "December 2021",
        "people": f"7.5{NB}million", "duration": f"6{NB}months", "share": "60%", "year": "2021",
        "few": "2", "week": f"1{NB}week",
        "mail": "jobs@example.org", "website": "https://www.example.org",
        "city": "Paris, France",
        "address": "1 rue </script> & \u201cCo\u201d, 75015 Paris",  # docutils' smart quotes
    }


def test_facts_render_in_french_inside_translated_messages(facts_site: dict[str, Path]):
    page = facts_site["fr"] / "index.html"
    assert "Gratification" in soup(page).get_text()  # the msgstr was used …
    facts = fact_texts(page)  # … and its {fact} roles were formatted the French way
    assert facts["allowance"] == f"800{NB}€"
    assert facts["budget"] == f"2,5{NB}millions d’euros"
    assert facts["start"] == "février 2021"
    assert facts["created"] == f"1er{NB}décembre 2019"
    assert facts["members-as-of"] == "décembre 2021"
    assert facts["duration"] == "six mois"  # in a sentence: spelled out
    assert facts["share"] == f"60{NB}%"
    assert facts["city"] == "Paris (France)"
    assert set(facts) == set(fact_texts(facts_site["en"] / "index.html"))


def test_number_style_depends_on_the_sentence(facts_site: dict[str, Path]):
    """In a sentence, French spells small numbers (capital first at its start); alone,
    a value keeps its digits; a no-break space always joins a number to its noun."""
    def texts(language: str) -> list[tuple[str, str]]:
        page = soup(facts_site[language] / "index.html")
        return [(node["class"][-1].removeprefix("hdhkb-fact-"), node.get_text())
                for node in page.select(".hdhkb-fact-few, .hdhkb-fact-week")]

    assert texts("fr") == [("few", "Deux"), ("week", "une semaine"), ("week", f"1{NB}semaine")]
    assert texts("en") == [("few", "2"), ("week", f"1{NB}week"), ("week", f"1{NB}week")]
    english = " ".join(soup(facts_site["en"] / "index.html").get_text().split(" "))
    assert f"2{NB}of them" in english and f"7.5{NB}million people" in english


def test_facts_link_to_their_source(facts_site: dict[str, Path]):
    html = soup(facts_site["en"] / "index.html")
    assert html.select_one("a.hdhkb-fact-budget")["href"] == "https://example.org/budget"
    assert html.select_one("a.hdhkb-fact-members-as-of")["href"] == "https://example.org/members"
    assert unquote(html.select_one("a.hdhkb-fact-mail")["href"]) == "mailto:jobs@example.org"
    assert html.select_one("a.hdhkb-fact-website")["href"] == "https://www.example.org"
    # A fact from the posting itself has no URL: plain text, no link.
    assert html.select_one(".hdhkb-fact-allowance").name == "span"


def test_unknown_fact_fails_with_page_and_line(tmp_path: Path):
    for name in ("lenient", "strict"):
        src = copy_root(tmp_path / name)
        page = src / "index.md"
        page.write_text(page.read_text() + "\nThis one {fact}`no_such_fact` is missing.\n")
    line = page.read_text().splitlines().index("This one {fact}`no_such_fact` is missing.") + 1
    _, warnings = build(tmp_path / "lenient" / "test-facts", "en", strict=False)
    assert re.search(rf"index\.md:{line}: WARNING: unknown fact 'no_such_fact'", warnings), warnings
    with pytest.raises(BuildFailed, match="unknown fact"):  # -W: the build fails
        build(tmp_path / "strict" / "test-facts", "en", strict=True)


def test_unknown_fact_in_a_translation_fails_too(tmp_path: Path):
    src = copy_root(tmp_path)
    po = src / "locale" / "fr" / "LC_MESSAGES" / "posting.po"
    po.write_text(po.read_text().replace("Nous offrons {fact}`allowance`",
                                         "Nous offrons {fact}`allowence`"))
    _, warnings = build(src, "fr", strict=False)
    # Sphinx names the English source line of the translated message.
    assert re.search(r"posting\.md:19:<translated>:1: WARNING: unknown fact 'allowence'",
                     warnings), warnings


def test_malformed_facts_file_fails_with_file_and_line(tmp_path: Path):
    src = copy_root(tmp_path)
    facts = src / "_data" / "facts.toml"
    text = facts.read_text().replace('[share]\ntype = "percent"', '[share]\ntype = "percentage"')
    facts.write_text(text)
    line = text.splitlines().index("[share]") + 1
    _, warnings = build(src, "en", strict=False)
    expected = rf"facts\.toml:{line}: WARNING: fact 'share': type must be one of"
    assert re.search(expected, warnings), warnings
    # The page that uses it fails too, naming its own line.
    assert re.search(r"index\.md:\d+: WARNING: unknown fact 'share'", warnings), warnings


def test_editing_the_facts_file_rebuilds_the_pages_that_use_it(tmp_path: Path):
    src = copy_root(tmp_path)
    out, _ = build(src, "en")
    assert fact_texts(out / "index.html")["allowance"] == "€800"
    time.sleep(0.01)  # a later mtime than the first build's
    facts = src / "_data" / "facts.toml"
    facts.write_text(facts.read_text().replace("value = 800", "value = 900"))
    out, _ = build(src, "en")  # same srcdir and outdir: an incremental build
    assert fact_texts(out / "index.html")["allowance"] == "€900"


def test_update_po_does_not_call_fact_roles_python_format(tmp_path: Path):
    """Babel flags ``{fact}`x``` msgids python-brace-format; msgfmt would then reject
    a French msgstr that adds ``{.language-en}``. ``make update-po`` drops the flag."""
    import subprocess

    import polib
    from babel.messages.catalog import Catalog

    from hdhkb.tools.update_po import merge, render

    template = Catalog(locale="fr")
    template.add("Funded by {fact}`budget`.", locations=[("source/x.md", 3)])
    assert "python-brace-format" in template["Funded by {fact}`budget`."].flags  # Babel's guess
    po_path = tmp_path / "x.po"
    for _ in range(2):  # a new catalog, then an update of it
        po_path.write_bytes(render(merge(po_path, template, "fr")))
        assert "python-brace-format" not in po_path.read_text()
    po = polib.pofile(str(po_path))
    po.find("Funded by {fact}`budget`.").msgstr = "[Gateway]{.language-en} : {fact}`budget`."
    po.save(str(po_path))
    result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
