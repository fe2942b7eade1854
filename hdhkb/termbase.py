"""The project's terms as CAT tools read them: TBX and CSV, from the two places terms live.

There is no second list. The terms come from

- the glossary page (``source/glossary.md``, its ``{glossary}`` directive):
  each entry's English terms and definition, the French of both from the
  page's catalog (``locale/fr/LC_MESSAGES/glossary.po``), and the French names
  the English definition marks as ``[…]{.language-fr}``;
- the terminology gate's list (``locale/terminology.toml``, read by
  :func:`hdhkb.check.terminology.load`): the French forms a translation must
  use, and the names never translated.

Entries of both that share an English form are one concept. The TBX follows
TBX-Basic in the ISO 30042:2008 serialization (``martif``), the one
translate-toolkit (and so Weblate) and OmegaT read; the CSV has the columns of
Weblate's "CSV file" format (translate-toolkit's). Both are written by
``make glossary`` and published with the site (``hdhkb.ext.glossary_downloads``).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polib
from lxml import etree

#: The page whose glossary is the termbase, and the terminology list in the locale folder.
PAGE = "glossary"
TERMINOLOGY = "terminology.toml"  # in the locale folder, beside the catalogs
SOURCE_LANGUAGE, TARGET_LANGUAGE = "en", "fr"

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glossary\}")
ROLE = re.compile(r"\{[\w:.-]+\}`(?P<text>[^`<]*?)\s*(?:<[^`>]*>)?`")
SPAN = re.compile(r"\[(?P<text>[^\]]*)\]\{[^}]*\}")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")
FRENCH_NAME = re.compile(r"\[(?P<text>[^\]]*)\]\{\.language-fr\}")
#: The source link that ends each glossary definition, English or French.
SOURCE = re.compile(r"\s*\[Source\s?\u00a0?:[^\]]*\]\((?P<url>[^)\s]+)\)\.?\s*$")
EMPHASIS = re.compile(r"(\*{1,2}|_{1,2})(?P<text>\S(?:.*?\S)?)\1")
SPACES = re.compile(r"\s+")


@dataclass
class Concept:
    """One concept: its terms in both languages, definitions, whether it is a name."""

    english: list[str]
    french: list[str] = field(default_factory=list)
    definition: dict[str, str] = field(default_factory=dict)  # language -> plain text
    source: str = ""  # address of the definition's source
    keep: bool = False  # a name: never translated
    #: The French of each English form, where a source pairs them (the page's
    #: catalog; singular and plural lists of the same length).
    target_of: dict[str, str] = field(default_factory=dict)
    on_page: bool = False  # defined on the glossary page (a noun, or a proper noun)

    @property
    def id(self) -> str:
        ascii_ = unicodedata.normalize("NFKD", self.english[0]).encode("ascii", "ignore")
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_.decode().casefold()).strip("-")
        return f"term-{slug or 'x'}"

    @property
    def part_of_speech(self) -> str:
        """TBX-Basic's value, where the sources say it: glossary entries and names."""
        if self.keep:
            return "properNoun"
        return "noun" if self.on_page else ""


def plain(text: str) -> str:
    """MyST inline markup to the text a reader sees (roles, spans, links, emphasis)."""
    text = ROLE.sub(lambda m: m["text"], text)
    text = LINK.sub(lambda m: m["text"], text)
    text = SPAN.sub(lambda m: m["text"], text)
    text = EMPHASIS.sub(lambda m: m["text"], text)
    return SPACES.sub(" ", text).strip()


def split_source(text: str) -> tuple[str, str]:
    """(definition without its trailing ``[Source: …](url)``, the url)."""
    match = SOURCE.search(text)
    return (text[: match.start()], match["url"]) if match else (text, "")


@dataclass
class Entry:
    terms: list[str]
    paragraphs: list[str]
    line: int


def glossary_entries(page: Path) -> list[Entry]:
    """The entries of the page's ``{glossary}`` directives, as Sphinx reads them.

    Terms are the lines at the directive's indentation (several in a row name
    one concept); the indented lines below are the definition, whose
    paragraphs, joined with spaces, are the messages of the page's catalog.
    """
    entries: list[Entry] = []
    fence = ""
    current: Entry | None = None
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if current is not None and paragraph:
            current.paragraphs.append(" ".join(paragraph))
        paragraph.clear()

    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if not fence:
            match = FENCE.match(line)
            fence = match["fence"] if match else ""
            continue
        if line.strip() == fence:
            close_paragraph()
            fence, current = "", None
            continue
        if not line.strip():
            close_paragraph()
            continue
        if line[0] in " \t":
            if current is not None:
                paragraph.append(line.strip())
            continue
        if line.startswith(":") and current is None and not entries:
            continue  # a directive option (:sorted:)
        close_paragraph()
        term = line.split(" : ")[0].strip()
        if current is None or current.paragraphs:
            current = Entry([term], [], number)
            entries.append(current)
        else:
            current.terms.append(term)
    return entries


def _key(term: str) -> str:
    """What tells two forms apart: not case, spacing or the kind of apostrophe."""
    return SPACES.sub(" ", term.replace("\u2019", "'")).casefold()


def french_form(text: str) -> str:
    """A French form as readers see it: no markup, typographic apostrophe."""
    return plain(text).replace("'", "\u2019")


@dataclass(frozen=True)
class Sources:
    """Where the terms live: the glossary page, the locale folder (catalogs, terminology list)."""

    srcdir: Path
    locale_dir: Path
    page: str = PAGE

    @classmethod
    def of_project(cls, root: Path) -> Sources:
        return cls(root / "source", root / "locale")

    @property
    def files(self) -> list[Path]:
        """What the exports are made from (the extension notes them as dependencies)."""
        return [self.srcdir / f"{self.page}.md", self.catalog, self.locale_dir / TERMINOLOGY]

    @property
    def catalog(self) -> Path:
        return self.locale_dir / TARGET_LANGUAGE / "LC_MESSAGES" / f"{self.page}.po"


def load(sources: Sources) -> list[Concept]:
    """Every concept of the glossary page and the terminology list, sorted by English term."""
    from hdhkb.check.terminology import load as load_terminology

    page = sources.srcdir / f"{sources.page}.md"
    catalog = sources.catalog if sources.catalog.is_file() else None
    french: dict[str, str] = {}
    if catalog is not None:
        french = {e.msgid: e.msgstr for e in polib.pofile(str(catalog))
                  if e.msgstr and not e.obsolete and not e.fuzzy}
    concepts: list[Concept] = []
    for entry in glossary_entries(page):
        concept = Concept(english=list(entry.terms), on_page=True)
        concept.french = [french_form(french[t]) for t in entry.terms if t in french]
        concept.target_of = {t: french_form(french[t]) for t in entry.terms if t in french}
        english = " ".join(entry.paragraphs)
        concept.french += [french_form(m["text"]) for m in FRENCH_NAME.finditer(english)]
        text, concept.source = split_source(english)
        concept.definition[SOURCE_LANGUAGE] = plain(text)
        translated = [french.get(p) for p in entry.paragraphs]
        if translated and all(translated):
            concept.definition[TARGET_LANGUAGE] = plain(split_source(" ".join(
                text for text in translated if text))[0])
        concepts.append(concept)
    by_form = {_key(term): c for c in concepts for term in c.english}
    terminology = sources.locale_dir / TERMINOLOGY
    for term in load_terminology(terminology) if terminology.is_file() else []:
        found = next((by_form[_key(e)] for e in term.english if _key(e) in by_form), None)
        if found is None:
            found = Concept(english=list(term.english))
            concepts.append(found)
        else:
            found.english += [e for e in term.english if _key(e) not in map(_key, found.english)]
        found.keep = found.keep or term.keep
        forms = [french_form(f) for f in term.french]
        for number, english in enumerate(term.english):
            pair = forms[number] if len(forms) == len(term.english) else forms[0]
            found.target_of.setdefault(english, pair)
        for form in map(french_form, term.french):
            if _key(form) not in map(_key, found.french):
                found.french.append(form)
        by_form.update({_key(e): found for e in found.english})
    for concept in concepts:
        firsts: dict[str, str] = {}
        for form in concept.french:
            firsts.setdefault(_key(form), form)
        concept.french = list(firsts.values())
        if concept.keep and concept.english[0] not in concept.french:
            concept.french.insert(0, concept.english[0])
    return sorted(concepts, key=lambda c: _key(c.english[0]))


# -- TBX ---------------------------------------------------------------------

DO_NOT_TRANSLATE = {
    "en": "Do not translate: a name, kept as it is in French.",
    "fr": "Ne pas traduire : un nom, gardé tel quel en français.",
}


def _term_type(term: str) -> str:
    """TBX-Basic ``termType`` where the form says it: an all-capitals short form."""
    letters = re.sub(r"[^A-Za-z]", "", term)
    return "acronym" if 2 <= len(letters) <= 8 and letters.isupper() and " " not in term else ""


def tbx(concepts: list[Concept], title: str, origin: str) -> bytes:
    """TBX-Basic (ISO 30042:2008 ``martif``): one ``termEntry`` per concept."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: SOURCE_LANGUAGE})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = origin
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in concepts:
        entry = etree.SubElement(body, "termEntry", {"id": concept.id})
        if concept.keep:
            etree.SubElement(entry, "note").text = DO_NOT_TRANSLATE["en"]
        for language, terms in ((SOURCE_LANGUAGE, concept.english),
                                (TARGET_LANGUAGE, concept.french)):
            if not terms:
                continue
            lang_set = etree.SubElement(entry, "langSet", {XML_LANG: language})
            definition = concept.definition.get(language)
            if definition:
                group = etree.SubElement(lang_set, "descripGrp")
                etree.SubElement(group, "descrip", {"type": "definition"}).text = definition
                if concept.source:
                    etree.SubElement(group, "admin", {"type": "source"}).text = concept.source
            for number, term in enumerate(terms):
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = term
                if concept.part_of_speech:
                    etree.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = (
                        concept.part_of_speech)
                if _term_type(term):
                    etree.SubElement(tig, "termNote", {"type": "termType"}).text = _term_type(term)
                status = "preferredTerm-admn-sts" if number == 0 else "admittedTerm-admn-sts"
                etree.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- CSV (Weblate) -----------------------------------------------------------


def csv(concepts: list[Concept]) -> bytes:
    """Weblate's "CSV file" layout (translate-toolkit's columns), one row per English form.

    ``context`` is the concept, so that the forms of one concept stay apart;
    the French is the form the sources pair with that English form (see
    :attr:`Concept.target_of`), else the concept's preferred French term.
    """
    from translate.storage.csvl10n import csvfile, csvunit

    store = csvfile()
    store.encoding = "utf-8"
    for concept in concepts:
        notes = [concept.definition.get(SOURCE_LANGUAGE, "")]
        if concept.source:
            notes.append(f"Source: {concept.source}")
        if concept.keep:
            notes.append(DO_NOT_TRANSLATE["en"])
        for english in concept.english:
            unit = csvunit(english)
            if concept.french:
                unit.target = concept.target_of.get(english, concept.french[0])
            unit.setcontext(concept.id)
            unit.developer_comments = " ".join(n for n in notes if n)
            unit.translator_comments = concept.definition.get(TARGET_LANGUAGE, "")
            store.addunit(unit)
    buffer = io.BytesIO()
    store.serialize(buffer)
    return buffer.getvalue()


#: The files ``make glossary`` writes and the site publishes: name -> format.
EXPORTS = {"glossary.tbx": "TBX", "glossary.csv": "CSV"}


def exports(sources: Sources, project: str) -> dict[str, bytes]:
    """The exports of *project*'s glossary, by file name (see :data:`EXPORTS`)."""
    concepts = load(sources)
    title = f"{project}: glossary"
    origin = (f"Generated from the page {sources.page}, its {TARGET_LANGUAGE} catalog and "
              f"{TERMINOLOGY} by `make glossary`; do not edit.")
    return {"glossary.tbx": tbx(concepts, title, origin), "glossary.csv": csv(concepts)}
