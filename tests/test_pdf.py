"""hdhkb.ext.pdf: the posting and the whole knowledge base as accessible PDFs.

The real site's PDFs come from the session build (``site`` is ``make pdf``) and
are opened with pypdf; what the extension does on edits and on errors is
checked on the mini project tests/roots/test-pdf, built in-process. The
browser test (French posting → its PDF) is in tests/test_browser.py.
"""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from hdhkb.ext import pdf
from helpers import LANGUAGES, ROOT, pages, soup

NB, NNB = "\u00a0", "\u202f"
ROOTS = ROOT / "tests" / "roots"
KINDS = ("knowledge-base", "posting")


# ------------------------------------------------------------------ pure logic

@pytest.mark.parametrize(("size", "english", "french"), [
    (206_481, "210 kB", f"210{NNB}ko"),
    (194_522, "190 kB", f"190{NNB}ko"),
    (42_034, "42 kB", f"42{NNB}ko"),
    (9_870, "9.9 kB", f"9,9{NNB}ko"),
    (999_700, "1 MB", f"1{NNB}Mo"),
    (1_234_567, "1.2 MB", f"1,2{NNB}Mo"),
])
def test_sizes_are_given_in_the_readers_language(size: int, english: str, french: str):
    assert pdf.size_label(size, "en") == english
    assert pdf.size_label(size, "fr") == french


def test_page_numbers_become_css_content():
    assert pdf.page_numbers_css("Page {page} sur {pages}") == \
        '"Page " counter(page) " sur " counter(pages)'
    assert pdf.page_numbers_css('{page} "of" {pages}') == \
        'counter(page) " \\"of\\" " counter(pages)'


def fake_linker(members: set[str]) -> pdf.Linker:
    docs = {"index", "posting", "glossary", "sub/page"}
    builder = SimpleNamespace(env=SimpleNamespace(found_docs=docs), srcdir="/src",
                              get_target_uri=lambda doc, typ=None: f"{doc}.html")
    return pdf.Linker(builder, members, "https://kb.example.org/fr/")  # type: ignore[arg-type]


def test_links_to_pages_of_the_document_stay_in_the_document():
    linker = fake_linker({"index", "posting", "glossary", "sub/page"})
    assert linker.href("posting", "glossary.html#term-hub") == ("#glossary:term-hub", False)
    assert linker.href("posting", "glossary.html") == ("#document-glossary", False)
    assert linker.href("posting", "#posting-pay") == ("#posting:posting-pay", False)
    assert linker.href("sub/page", "../index.html#home") == ("#index:home", False)


def test_other_links_become_absolute_urls():
    linker = fake_linker({"posting"})
    assert linker.href("posting", "glossary.html#term-hub") == \
        ("https://kb.example.org/fr/glossary.html#term-hub", False)
    assert linker.href("posting", "genindex.html") == \
        ("https://kb.example.org/fr/genindex.html", False)
    assert linker.href("posting", "https://example.org/x") == ("https://example.org/x", True)
    assert linker.href("posting", "mailto:a@example.org") == ("mailto:a@example.org", True)


def test_the_renderer_loads_nothing_from_another_host():
    fetcher = pdf.local_fetcher()
    with pytest.raises(ValueError, match="another host"):
        fetcher.fetch("https://example.org/logo.png")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


# ------------------------------------------------------------- the real site

def pdf_path(site: Path, language: str, kind: str) -> Path:
    return site / language / "pdf" / f"{kind}-{language}.pdf"


@pytest.fixture(scope="module")
def readers(site: Path) -> dict[tuple[str, str], PdfReader]:
    return {(lang, kind): PdfReader(pdf_path(site, lang, kind))
            for lang in LANGUAGES for kind in KINDS}


def headings(page: Path) -> list[str]:
    """The article's headings, as the site shows them (permalink sign left out)."""
    article = soup(page).find("article")
    for link in article.select("a.headerlink"):
        link.decompose()
    return [" ".join(h.get_text().split()) for h in
            article.find_all(re.compile(r"^h[1-6]$"))]


def outline_titles(outline: list[Any]) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(" ".join(item.title.split()))
    return titles


def navigation(site: Path, language: str) -> list[str]:
    """The pages in the sidebar's order, the home page first."""
    links = soup(site / language / "index.html").select(".sidebar-tree a.reference.internal")
    return ["index.html", *(a["href"].split("#")[0] for a in links)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_each_pdf_is_tagged_pdf_ua_in_its_language(readers, site, language, kind):
    reader = readers[language, kind]
    root = reader.trailer["/Root"]
    assert len(reader.pages) > 0
    assert root["/Lang"] == language
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/StructTreeRoot"]["/K"], "no structure tree"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    expected_title = (soup(site / language / "index.html").h1 if kind == "knowledge-base"
                      else soup(site / language / "posting.html").h1)
    for link in expected_title.select("a.headerlink"):
        link.decompose()
    assert reader.metadata.title == expected_title.get_text().strip()
    assert reader.metadata.author


@pytest.mark.parametrize("language", LANGUAGES)
def test_outline_has_an_entry_per_page_heading(readers, site, language):
    whole = outline_titles(readers[language, "knowledge-base"].outline)
    expected = [h for page in navigation(site, language)
                for h in headings(site / language / page)]
    assert whole[1:] == expected  # after the table of contents' own heading
    posting = outline_titles(readers[language, "posting"].outline)
    assert posting == headings(site / language / "posting.html")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_internal_links_resolve_and_fonts_are_embedded(readers, language, kind):
    reader = readers[language, kind]
    names = reader.named_destinations
    internal = external = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link":
                continue
            target = link.get("/Dest")
            action = link.get("/A")
            if target is None and action is not None and action.get("/S") == "/GoTo":
                target = action["/D"]
            if target is None:
                assert action["/S"] == "/URI" and str(action["/URI"]).startswith(
                    ("https://", "http://", "mailto:"))
                external += 1
                continue
            internal += 1
            if not isinstance(target, Destination):
                assert str(target) in names, f"link to a missing destination {target}"
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or \
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), \
                f"{font['/BaseFont']} is not embedded"
    assert internal > 0 and external > 0


def text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_french_pdf_is_french(readers, site):
    posting = text(readers["fr", "posting"])
    title = soup(site / "fr" / "posting.html").h1
    for link in title.select("a.headerlink"):
        link.decompose()
    assert title.get_text().strip() in posting
    assert f"800{NB}€" in posting
    assert "Page 1 sur " in posting and "Version du " in posting
    assert "Cette offre est close" in posting  # the status, as on the site
    assert "Page 1 of" not in posting and "Version of" not in posting
    cover = readers["fr", "knowledge-base"].pages[1].extract_text()
    assert "Table des matières" in cover


def test_pdfs_show_no_navigation_chrome_but_external_addresses(readers, site):
    posting = text(readers["en", "posting"])
    for chrome in ("Skip to content", "Back to top", "On this page", "Next", "Previous"):
        assert chrome not in posting
    # Each external link of the page is followed by a call to a note giving its address.
    article = soup(site / "en" / "posting.html").find("article")
    addresses = list(dict.fromkeys(
        a["href"] for a in article.select("a.reference.external")
        if a["href"].startswith("http") and a.get_text().strip() != a["href"]))
    assert addresses
    body, notes = posting.split("Addresses of the links")
    notes = re.sub(r"\s+", "", notes)  # a long address breaks across lines
    for number, address in enumerate(addresses, start=1):
        assert f"[{number}]" in body
        assert f"[{number}]{address}" in notes, address


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_its_pdfs_with_format_and_size(site: Path, language: str):
    sizes = {kind: pdf.size_label(pdf_path(site, language, kind).stat().st_size, language)
             for kind in KINDS}
    for name in pages(site, language):
        links = soup(site / language / name).select(".hdhkb-downloads a")
        expected = [("pdf/posting", sizes["posting"])] if name == "posting.html" else []
        expected.append(("pdf/knowledge-base", sizes["knowledge-base"]))
        assert len(links) == len(expected), name
        for link, (href, size) in zip(links, expected, strict=True):
            assert href in link["href"] and link["href"].endswith(f"-{language}.pdf"), name
            assert f"(PDF, {size})" in link.get_text(), name
            assert link["type"] == "application/pdf"


# ------------------------------------------------------- the mini project

def build(src: Path, out: Path, language: str, **overrides: Any) -> tuple[Path, str]:
    """Build the mini project in-process; the output folder and the warnings."""
    from sphinx.testing.util import SphinxTestApp

    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=src, builddir=out,
                        confoverrides={"language": language, **overrides},
                        status=StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), warnings.getvalue()


def stamps(outdir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((outdir / "pdf").glob("*.pdf"))}


def test_pdfs_are_rendered_again_only_for_what_changed(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    out = {lang: tmp_path / lang for lang in LANGUAGES}
    first = {}
    for lang in LANGUAGES:
        outdir, warnings = build(src, out[lang], lang)
        assert not warnings, warnings
        first[lang] = stamps(outdir)
        assert list(first[lang]) == [f"knowledge-base-{lang}.pdf", f"posting-{lang}.pdf"]
    assert stamps(build(src, out["fr"], "fr")[0]) == first["fr"]  # nothing changed
    po = src / "locale" / "fr" / "LC_MESSAGES" / "posting.po"
    po.write_text(po.read_text().replace("par mois", "chaque mois"), encoding="utf-8")
    # (That the French PDFs change with it is measured by make bench: Python's
    # gettext keeps the catalogs a process loaded, so an in-process French
    # rebuild would not see the edit.)
    assert stamps(build(src, out["en"], "en")[0]) == first["en"], \
        "a French catalog re-rendered the English PDFs"
    glossary = src / "glossary.md"
    glossary.write_text(glossary.read_text() + "\nOne more line.\n", encoding="utf-8")
    edited = stamps(build(src, out["en"], "en")[0])
    assert edited["posting-en.pdf"] == first["en"]["posting-en.pdf"]  # shows no glossary
    assert edited["knowledge-base-en.pdf"] != first["en"]["knowledge-base-en.pdf"]
    # Turned off: the PDFs and the links go (an incremental build == a clean one).
    outdir, warnings = build(src, out["en"], "en", hdhkb_pdf=False)
    assert not (outdir / "pdf").exists()
    assert not soup(outdir / "posting.html").select(".hdhkb-downloads")


def test_a_pdf_problem_fails_the_build_where_it_must_be_fixed(tmp_path, monkeypatch):
    """A remote image (page:line) and an untranslated string of the PDF (catalog)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    posting = src / "posting.md"
    lines = posting.read_text().splitlines()
    after_banner = lines.index(":::", lines.index(":::{posting-status}") + 1) + 1
    lines.insert(after_banner, "\n![Logo](https://example.org/logo.png)\n")
    posting.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = 1 + next(i for i, text in enumerate(posting.read_text().splitlines())
                    if "logo.png" in text)
    original = pdf.labels

    def labels(gettext=pdf._):
        return {**original(gettext), "new": gettext("A string nobody translated yet")}

    monkeypatch.setattr(pdf, "labels", labels)
    _outdir, warnings = build(src, tmp_path / "fr", "fr")
    assert re.search(rf"posting\.md:{line}: WARNING: pdf/(knowledge-base|posting)-fr\.pdf: "
                     r".*another host", warnings), warnings
    catalog = ROOT / "hdhkb" / "locale" / "fr" / "LC_MESSAGES" / "sphinx.po"
    assert f"{catalog}:1: WARNING: the PDF would show 'A string nobody translated yet' " \
        "in English" in warnings


def test_a_renderer_failure_names_the_page_and_links_no_pdf(tmp_path, monkeypatch):
    """WeasyPrint failing (its bugs exist) is reported at the page it fails on."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pdf", src)
    real = pdf.render_pdf

    def render_pdf(html: str, target: Path, base_url: str):
        if "We offer" in html:  # the posting's text
            raise RuntimeError("min-content width for TextBox not handled yet")
        return real(html, target, base_url)

    monkeypatch.setattr(pdf, "render_pdf", render_pdf)
    outdir, warnings = build(src, tmp_path / "en", "en")
    for name in ("knowledge-base-en.pdf", "posting-en.pdf"):
        assert re.search(rf"posting\.md: WARNING: pdf/{name}: WeasyPrint failed \(RuntimeError: "
                         r"min-content width", warnings), warnings
    assert not any((outdir / "pdf").glob("*")), "a PDF (or a partial one) was left"
    assert not soup(outdir / "index.html").select(".hdhkb-downloads")
