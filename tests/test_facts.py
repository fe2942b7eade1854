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
    ('type = "money"\nvalue = 2500000\ncurrency = "EUR"\ncompact = true', "€2.5M",
     f"2,5{NB}M{NB}€"),
    ('type = "month"\nvalue = "2021-02"', "February 2021", "février 2021"),
    ("type = \"date\"\nvalue = 2019-12-01", "1 December 2019", "1er décembre 2019"),
    ("type = \"date\"\nvalue = 2019-11-29", "29 November 2019", "29 novembre 2019"),
    ('type = "year"\nvalue = 2021', "2021", "2021"),
    ('type = "integer"\nvalue = 52000', "52,000", f"52{NNB}000"),
    ('type = "integer"\nvalue = 7500000\ncompact = true', "7.5M", f"7,5{NB}M"),
    ('type = "percent"\nvalue = 60', "60%", f"60{NB}%"),
    ('type = "duration"\nvalue = 6\nunit = "month"', "6 months", f"6{NB}mois"),
    ('type = "duration"\nvalue = 1\nunit = "week"', "1 week", f"1{NB}semaine"),
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


def test_as_of_keeps_its_own_precision():
    facts, _ = parse_facts(
        '[a]\ntype = "integer"\nvalue = 1\nas_of = "2021-12"\nsource = "posting"\n'
        '[b]\ntype = "integer"\nvalue = 1\nas_of = 2022\nsource = "posting"\n'
        '[c]\ntype = "integer"\nvalue = 1\nas_of = 2025-02-07\nsource = "posting"\n'
    )
    assert format_fact(facts["a"].as_of, "fr") == "décembre 2021"
    assert format_fact(facts["b"].as_of, "en") == "2022"
    assert format_fact(facts["c"].as_of, "en") == "7 February 2025"


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
        "allowance": "€800", "budget": "€2.5M", "start": "February 2021",
        "created": "1 December 2019", "members": "56", "members-as-of": "December 2021",
        "people": "7.5M", "duration": "6 months", "share": "60%", "year": "2021",
        "mail": "jobs@example.org", "website": "https://www.example.org",
        "city": "Paris, France",
        "address": "1 rue </script> & \u201cCo\u201d, 75015 Paris",  # docutils' smart quotes
    }


def test_facts_render_in_french_inside_translated_messages(facts_site: dict[str, Path]):
    page = facts_site["fr"] / "index.html"
    assert "Gratification" in soup(page).get_text()  # the msgstr was used …
    facts = fact_texts(page)  # … and its {fact} roles were formatted the French way
    assert facts["allowance"] == f"800{NB}€"
    assert facts["budget"] == f"2,5{NB}M{NB}€"
    assert facts["start"] == "février 2021"
    assert facts["created"] == "1er décembre 2019"
    assert facts["members-as-of"] == "décembre 2021"
    assert facts["duration"] == f"6{NB}mois"
    assert facts["share"] == f"60{NB}%"
    assert facts["city"] == "Paris (France)"
    assert set(facts) == set(fact_texts(facts_site["en"] / "index.html"))


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
