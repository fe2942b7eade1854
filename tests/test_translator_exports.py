"""The glossary (TBX, CSV) and the translation memory (TMX) as translators' tools read them.

Read back with the readers the tools use: translate-toolkit's TBX and TMX
readers (Weblate's), the csv module for Weblate's CSV columns, and the TBX
against a RELAX NG schema of the TBX-Basic structure and picklists
(``tests/schemas/tbx-basic.rng``). Then the commands behind ``make``, and the
files the site publishes (from the session build).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polib
import pytest
from lxml import etree

from hdhkb import termbase
from hdhkb.catalogs import page_catalogs, page_stats, totals
from hdhkb.check.terminology import load as load_terminology
from hdhkb.tools import tmx
from helpers import ROOT, make, soup

SOURCES = termbase.Sources.of_project(ROOT)
SCHEMA = Path(__file__).parent / "schemas" / "tbx-basic.rng"
WEBLATE_COLUMNS = ["location", "source", "target", "id", "fuzzy", "context",
                   "translator_comments", "developer_comments"]


@pytest.fixture(scope="module")
def concepts() -> list[termbase.Concept]:
    return termbase.load(SOURCES)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return termbase.exports(SOURCES, "Health Data Hub knowledge base")


def test_every_glossary_entry_and_required_term_is_a_concept(concepts) -> None:
    english = {term.casefold() for c in concepts for term in c.english}
    for entry in termbase.glossary_entries(SOURCES.srcdir / "glossary.md"):
        assert {t.casefold() for t in entry.terms} <= english, entry.terms
    for term in load_terminology(SOURCES.locale_dir / "terminology.toml"):
        assert {e.casefold() for e in term.english} <= english, term.english
    ids = [c.id for c in concepts]
    assert len(ids) == len(set(ids))


def test_concepts_join_the_page_and_the_terminology_list(concepts) -> None:
    by_id = {c.id: c for c in concepts}
    secondary = by_id["term-secondary-use"]
    assert secondary.english == ["secondary use", "secondary uses"]
    assert secondary.french[0] == "utilisation secondaire"
    assert "utilisations secondaires" in secondary.french
    assert secondary.definition["en"].startswith("Using health data for research")
    assert secondary.definition["fr"].startswith("Utilisation des données de santé")
    assert "Source" not in secondary.definition["en"] and "{" not in secondary.definition["fr"]
    assert secondary.source.startswith("https://") and secondary.part_of_speech == "noun"
    cnam = by_id["term-cnam"]  # a name: kept, and its French name from the definition
    assert cnam.keep and cnam.part_of_speech == "properNoun"
    assert cnam.french == ["Cnam", "Caisse nationale de l’Assurance Maladie"]
    challenge = by_id["term-data-challenge"]  # markup of the terminology list removed
    assert challenge.french == ["data challenge", "data challenges"]
    assert by_id["term-welcome-to-the-jungle"].keep  # a name listed only in terminology.toml


def test_tbx_is_valid_tbx_basic(files) -> None:
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    document = etree.fromstring(files["glossary.tbx"])
    assert schema.validate(document), schema.error_log
    broken = etree.fromstring(files["glossary.tbx"])  # the schema can say no
    broken.find(".//termNote[@type='partOfSpeech']").text = "proper noun"
    assert not schema.validate(broken)


def test_tbx_read_by_translate_toolkit_has_every_term_in_both_languages(concepts, files) -> None:
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(files["glossary.tbx"], sourcelanguage="en", targetlanguage="fr")
    units = {unit.getid(): unit for unit in store.units}
    assert len(units) == len(concepts)
    for concept in concepts:
        unit = units[concept.id]
        assert [t.text for t in unit.get_source_terms()] == concept.english
        assert [t.text for t in unit.get_target_terms()] == concept.french
        notes = {(n.origin, n.scope): n.text for n in unit.get_common_notes(source=True)}
        if "en" in concept.definition:
            assert notes[("definition", "language")] == concept.definition["en"]
        french = {(n.origin, n.scope): n.text for n in unit.get_common_notes()}
        if "fr" in concept.definition:
            assert french[("definition", "language")] == concept.definition["fr"]
        if concept.keep:
            assert "Do not translate" in notes[(None, "concept")]
    assert sum("fr" in c.definition for c in concepts) >= 15


def test_csv_has_weblate_columns_and_a_row_per_english_form(concepts, files) -> None:
    reader = csv.DictReader(io.StringIO(files["glossary.csv"].decode("utf-8")))
    assert reader.fieldnames == WEBLATE_COLUMNS
    found = list(reader)
    assert len(found) == sum(len(c.english) for c in concepts)
    assert all(row["source"] and row["target"] and row["context"] for row in found)
    cnil = next(row for row in found if row["source"] == "CNIL")
    assert cnil["target"] == "CNIL" and "Do not translate" in cnil["developer_comments"]
    plural = next(row for row in found if row["source"] == "secondary uses")
    assert plural["target"] == "utilisations secondaires"
    assert plural["translator_comments"].startswith("Utilisation des données de santé")


def translated_messages(language: str) -> int:
    messages = ROOT / "locale" / language / "LC_MESSAGES"
    return totals([page_stats(path, page) for page, path in page_catalogs(messages).items()]
                  ).translated


def test_tmx_has_a_unit_per_translated_message() -> None:
    from translate.storage.tmx import tmxfile

    data, count = tmx.memory(ROOT / "locale", "en", "fr")
    store = tmxfile.parsestring(data)
    assert count == len(store.units) == translated_messages("fr") > 300
    header = etree.fromstring(data).find("header")
    assert etree.fromstring(data).get("version") == "1.4"
    assert {"creationtool", "segtype", "o-tmf", "adminlang", "srclang", "datatype"} <= set(
        header.keys())
    po = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "glossary.po"))
    entry = next(e for e in po if e.msgid == "Glossary")
    unit = next(u for u in store.units if u.source == "Glossary")
    assert unit.gettarget("fr") == entry.msgstr
    assert unit.getnotes().startswith("Page: glossary (source/glossary.md:")


@pytest.mark.slow
def test_make_targets_write_the_exports(tmp_path: Path) -> None:
    for target in ("glossary", "tmx", "review"):
        make(ROOT, target, BUILDDIR=str(tmp_path))
    assert (tmp_path / "glossary" / "glossary.tbx").read_bytes() == termbase.exports(
        SOURCES, "Health Data Hub knowledge base")["glossary.tbx"]
    assert (tmp_path / "glossary" / "glossary.csv").stat().st_size > 1000
    assert (tmp_path / "tmx" / "en-fr.tmx").stat().st_size > 10_000
    assert (tmp_path / "review" / "fr" / "index.html").is_file()
    assert (tmp_path / "review" / "fr" / "glossary.html").is_file()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_site_publishes_the_current_exports_linked_with_format_and_size(site, language) -> None:
    folder = site / language / "_downloads" / "glossary"
    expected = termbase.exports(SOURCES, "Health Data Hub knowledge base")
    for name, data in expected.items():
        assert (folder / name).read_bytes() == data
    links = soup(site / language / "glossary.html").select("ul.hdhkb-glossary-downloads a")
    assert [a["href"] for a in links] == ["_downloads/glossary/glossary.tbx",
                                          "_downloads/glossary/glossary.csv"]
    unit = "kB" if language == "en" else "ko"
    for link, (name, data) in zip(links, expected.items(), strict=True):
        text = link.get_text()
        assert name.rsplit(".", 1)[1].upper() in text and unit in text, text
        assert str(round(len(data) / 1000)) in text, text
