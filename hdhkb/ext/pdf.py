"""The posting and the whole knowledge base as accessible PDFs, in the reader's language.

Why: people file and forward postings and reference pages as documents, and
public-sector rules (RGAA) want downloadable documents to be accessible too
(tagged, their language set). Each language's own build makes its PDFs from
the same resolved doctrees, catalogs, facts and templates as its HTML pages,
so the French PDF is exactly as French as the French site:

- ``pdf/knowledge-base-<lang>.pdf``: a cover, a table of contents, then every
  page in navigation order (the toctrees from the root page, hidden ones
  included, so the glossary and the statements too);
- ``pdf/<page>-<lang>.pdf``: each page of ``hdhkb_pdf_pages`` alone (the posting).

How: at ``env-updated`` (every page read, none written yet) each page's doctree
is resolved (``env.get_and_resolve_doctree``, so cross-references, facts and
the posting's status are the site's), made print-ready (ids made unique in the
whole document, links to pages of the document turned into in-document links,
links to other pages of the site into absolute URLs) and rendered with the
builder's own HTML translator (``render_partial``); the template
``hdhkb/pdf.html`` (stylesheet ``hdhkb/pdf.css``) assembles the pages. WeasyPrint
renders that as tagged PDF/UA-1: ``/Lang``, title and author, an outline from
the headings, working links, embedded fonts. It loads local files only
(:func:`local_fetcher`).

Only what changed is rendered: a PDF is rendered again when its HTML input
differs from the last build's (a digest kept in the doctree folder), so an edit
re-renders the PDFs of the edited language only, and the PDFs are kept by
``hdhkb.ext.outputs`` while they are current. Rendering before the pages are
written lets every page's link give the PDF's real size (RGAA asks for the
format and the size in the link text); when a size as shown (two significant
digits, ``150 kB``) changes, every page is rewritten.

Off unless ``hdhkb_pdf`` is true: rendering takes seconds per language, more
than the whole HTML build, so ``make html`` (the editors' loop) leaves it off
and ``make pdf`` and ``make dist`` turn it on (docs/performance.md).

Paper cannot follow a link: each external link gets a call, ``[1]``, to a
note at the end of its page that gives its address.

Problems are warnings (``-W`` fails the build, so nothing is published): a
resource the PDF cannot load or that lives on another host (at the page's
file:line), a string of the PDF's interface with no translation (at the
catalog), anything else WeasyPrint reports, and a WeasyPrint failure (at the
page that fails when rendered alone; that PDF is then neither written nor
linked).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging as std_logging
import math
import os
import posixpath
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from babel.units import format_unit
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.locale import get_translation
from sphinx.util import logging

import hdhkb
from hdhkb.ext import translation_status
from hdhkb.ext.facts import format_day
from hdhkb.ext.interface_catalog import theme_catalog
from hdhkb.ext.outputs import EXPECTED_EVENT
from hdhkb.ext.posting import today

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Interface text of the PDFs and of their links (French in hdhkb/locale/fr/LC_MESSAGES/sphinx.po).
_ = get_translation("sphinx")

#: The PDFs' folder in each language's output.
FOLDER = "pdf"
#: File name (before ``-<lang>.pdf``) of the whole knowledge base.
WHOLE = "knowledge-base"
TEMPLATE = "hdhkb/pdf.html"
#: In the doctree folder: per PDF, the digest of its input and its size.
STATE = "hdhkb-pdf.json"
#: Builders whose pages link the PDFs (one page per document, so one URL per page).
BUILDERS = ("html", "dirhtml")
#: Tagged PDF 1.7 with the PDF/UA-1 identification in its XMP metadata.
VARIANT = "pdf/ua-1"
#: Part of each PDF's input digest: another WeasyPrint may render the same HTML differently.
WEASYPRINT = importlib.metadata.version("weasyprint")
#: Prefix of the id of each page's wrapper in the print document.
PAGE_ANCHOR = "document-"
#: Id (in its page) of the note that gives the address of an external link.
NOTE = "hdhkb-url-"


def labels(gettext: Callable[[str], str] = _) -> dict[str, str]:
    """The PDFs' interface strings, in the language of the build (``labels(str)``: the msgids)."""
    return {
        "page_link": gettext("Download this page (PDF, {size})"),
        "whole_link": gettext("Download the whole knowledge base (PDF, {size})"),
        "downloads": gettext("Downloads"),
        "contents": gettext("Table of Contents"),
        "page_of": gettext("Page {page} of {pages}"),
        "edition": gettext("Version of {date}"),
        "online": gettext("Online version:"),
        "notes": gettext("Addresses of the links"),
    }


# -- Sizes, as the links give them ------------------------------------------------


def size_label(size: int, language: str) -> str:
    """``150 kB`` / ``150 ko``: two significant digits, in the reader's language.

    Two digits are what a reader needs to decide to download, and they keep
    the label (shown on every page) the same through most edits.
    """
    value, unit = max(size, 1) / 1000, "digital-kilobyte"
    rounded = round(value, 1 - math.floor(math.log10(value)))
    if rounded >= 1000:
        value, unit = size / 1_000_000, "digital-megabyte"
        rounded = round(value, 1 - math.floor(math.log10(value)))
    number: float = int(rounded) if float(rounded).is_integer() else rounded
    return format_unit(number, unit, length="short", locale=language)


def css_string(text: str) -> str:
    """*text* as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_numbers_css(template: str) -> str:
    """``Page {page} of {pages}`` as the value of a CSS ``content`` property."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


# -- The print document -------------------------------------------------------------


def navigation_order(env: BuildEnvironment) -> list[str]:
    """Every page reachable from the root page through toctrees, depth first."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(docname: str) -> None:
        if docname in seen or docname not in env.found_docs:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    return order


@dataclass
class Linker:
    """Where each link and id of a page goes in one print document."""

    builder: Builder
    members: set[str]
    base_url: str
    #: Output path (as the builder names it, normalised) → page.
    paths: dict[str, str] = field(default_factory=dict)
    #: Resource URL → the node that names it (for the location of a warning).
    resources: dict[str, nodes.Node] = field(default_factory=dict)
    #: Page → the addresses of its external links, in order, each once (its notes).
    notes: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for docname in self.builder.env.found_docs:
            self.paths[self._normal(self.builder.get_target_uri(docname))] = docname

    @staticmethod
    def _normal(path: str) -> str:
        return posixpath.normpath(unquote(path)) if path else "."

    @staticmethod
    def page(docname: str) -> str:
        return f"{PAGE_ANCHOR}{docname}"

    @staticmethod
    def local(docname: str, ident: str) -> str:
        """A page's id, unique in the document (``posting:posting-summary``)."""
        return f"{docname}:{ident}"

    def page_url(self, docname: str) -> str:
        return urljoin(self.base_url, self.builder.get_target_uri(docname))

    def href(self, docname: str, uri: str) -> tuple[str, bool]:
        """The link *uri* of *docname* in the print document; whether it leaves the site."""
        parts = urlsplit(uri)
        if parts.scheme or uri.startswith("//"):
            return uri, True
        target: str | None = docname
        if parts.path:
            here = posixpath.dirname(self.builder.get_target_uri(docname))
            target = self.paths.get(self._normal(posixpath.join(here, parts.path)))
        if target in self.members:
            assert target is not None
            fragment = unquote(parts.fragment)
            return "#" + (self.local(target, fragment) if fragment else self.page(target)), False
        return urljoin(self.page_url(docname), uri), False

    def prepare(self, doctree: nodes.document, docname: str) -> None:
        """Make a resolved page print-ready (in place).

        Paper cannot follow a link: an external link whose text is not its
        address gets a call, ``[1]``, to a note at the end of its page that
        gives the address (one note per address and page).
        """
        srcdir = Path(self.builder.srcdir)
        seen: set[str] = set()
        notes: dict[str, int] = {}
        calls: list[tuple[nodes.Element, int]] = []
        for node in list(doctree.findall(nodes.Element)):
            if node.get("ids"):
                # furo wraps tables in a container with the table's own ids: keep the first.
                ids = [ident for ident in node["ids"] if ident not in seen]
                seen.update(ids)
                node["ids"] = [self.local(docname, ident) for ident in ids]
            if node.get("refid"):
                node["refid"] = self.local(docname, node["refid"])
            if node.get("backrefs"):
                node["backrefs"] = [self.local(docname, ident) for ident in node["backrefs"]]
            if isinstance(node, nodes.reference) and "refuri" in node:
                uri, leaves = self.href(docname, node["refuri"])
                node["refuri"] = uri
                if leaves and self._needs_note(node, uri):
                    calls.append((node, notes.setdefault(uri, len(notes) + 1)))
            elif isinstance(node, addnodes.download_reference) and "filename" in node:
                node["refuri"] = urljoin(self.base_url,
                                         f"_downloads/{quote(node['filename'])}")
            elif isinstance(node, nodes.image):
                uri = node["uri"]
                if not urlsplit(uri).scheme:
                    uri = node["uri"] = (srcdir / uri).resolve().as_uri()
                self.resources[uri] = node
        for node, number in calls:
            call = nodes.reference("", f"[{number}]", internal=True,
                                   refuri=f"#{self.local(docname, f'{NOTE}{number}')}",
                                   classes=["hdhkb-pdf-note-call"])
            node.parent.insert(node.parent.index(node) + 1, call)
        self.notes[docname] = list(notes)

    @staticmethod
    def _needs_note(node: nodes.Element, uri: str) -> bool:
        """A web link whose text does not show its address (and is not in a heading)."""
        if urlsplit(uri).scheme not in {"http", "https"}:
            return False
        if node.astext().strip() in {uri, uri.rstrip("/")}:
            return False
        parent = node.parent
        while parent is not None:
            if isinstance(parent, nodes.title):
                return False
            parent = parent.parent
        return True

    def note_list(self, docname: str) -> list[dict[str, str]]:
        """The notes of a page: each address with the id its calls link to."""
        return [{"id": self.local(docname, f"{NOTE}{number}"), "url": url}
                for number, url in enumerate(self.notes.get(docname, []), start=1)]


@dataclass
class PrintDocument:
    """One PDF: its file, its pages, and what its cover and metadata say."""

    name: str
    docnames: list[str]
    title: str
    whole: bool

    def filename(self, language: str) -> str:
        return f"{self.name}-{language}.pdf"


def page_title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def documents(app: Sphinx) -> list[PrintDocument]:
    """The PDFs of this build: the whole knowledge base, then each ``hdhkb_pdf_pages`` page."""
    env = app.env
    docs = [PrintDocument(WHOLE, navigation_order(env), app.config.project, whole=True)]
    for docname in app.config.hdhkb_pdf_pages:
        if docname not in env.found_docs:
            logger.warning("hdhkb_pdf_pages in conf.py: %r is no page", docname,
                           type="hdhkb", subtype="pdf")
            continue
        docs.append(PrintDocument(docname.replace("/", "-"), [docname],
                                  page_title(env, docname), whole=False))
    return docs


def render_page(app: Sphinx, docname: str, linker: Linker) -> dict[str, Any]:
    """One page, print-ready, as the builder's HTML translator writes it: body, banner, notes."""
    env, builder = app.env, app.builder
    doctree = env.get_and_resolve_doctree(docname, builder, tags=builder.tags,
                                          doctree=env.get_doctree(docname))
    linker.prepare(doctree, docname)
    # What the HTML builder's write_doc() sets for each page before its translator
    # runs (section and figure numbers keyed by the print document's ids).
    local = linker.local
    builder.current_docname = docname  # type: ignore[attr-defined]
    builder.secnumbers = {  # type: ignore[attr-defined]
        (f"#{local(docname, anchor[1:])}" if anchor else anchor): number
        for anchor, number in env.toc_secnumbers.get(docname, {}).items()}
    builder.fignumbers = {  # type: ignore[attr-defined]
        kind: {local(docname, ident): number for ident, number in numbers.items()}
        for kind, numbers in env.toc_fignumbers.get(docname, {}).items()}
    body = "".join(builder.render_partial(child)["fragment"]  # type: ignore[attr-defined]
                   for child in list(doctree.children))
    # The banner of a French page that shows English (hdhkb.ext.translation_status),
    # its link made absolute.
    context: dict[str, Any] = {"body": ""}
    translation_status.add_banner(app, docname, "page.html", context, doctree)
    banner = re.sub(r'href="([^"]*)"',
                    lambda m: f'href="{urljoin(linker.page_url(docname), m[1])}"',
                    str(context["body"]))
    return {"body": body, "banner": banner, "notes": linker.note_list(docname)}


def print_html(app: Sphinx, document: PrintDocument, bodies: dict[str, dict[str, Any]]) -> str:
    """The whole print document as HTML, for WeasyPrint."""
    config, env = app.config, app.env
    language = config.language or "en"
    text = labels()
    date = today(config)
    url = config.html_baseurl if document.whole else urljoin(
        config.html_baseurl, app.builder.get_target_uri(document.docnames[0]))
    context = {
        "language": language,
        "title": document.title,
        "author": config.hdhkb_authors.get(language) or config.author,
        "site_title": config.project,
        "date": date.isoformat(),
        "edition": text["edition"].format(date=format_day(date, language)),
        "url": url,
        "whole": document.whole,
        "labels": text,
        "page_numbers": page_numbers_css(text["page_of"]),
        "footer": css_string(config.project),
        "pages": [{"anchor": Linker.page(docname), "title": page_title(env, docname),
                   **bodies[docname]} for docname in document.docnames],
    }
    return app.builder.templates.render(TEMPLATE, context)


# -- Rendering ------------------------------------------------------------------------


class Collect(std_logging.Handler):
    """WeasyPrint's log records while one PDF renders."""

    def __init__(self) -> None:
        super().__init__(std_logging.WARNING)
        self.records: list[std_logging.LogRecord] = []

    def emit(self, record: std_logging.LogRecord) -> None:
        self.records.append(record)


def local_fetcher():  # noqa: ANN201 (WeasyPrint is imported on first use only)
    """A WeasyPrint URL fetcher that refuses anything but local files and data: URLs."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Nothing is requested from any host while rendering (our privacy rule)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme not in {"file", "data"}:
                msg = "the PDF loads nothing from another host: use a file of the project"
                raise ValueError(msg)
            return super().fetch(url, headers)

    return LocalFetcher()


def render_pdf(html: str, target: Path, base_url: str) -> tuple[int, list[std_logging.LogRecord]]:
    """Render *html* into *target* (replaced in one step): its page count, WeasyPrint's warnings.

    WeasyPrint logs to the standard ``weasyprint`` logger, and a module some
    theme imports (accessible-pygments) sends every logger's records to the
    terminal: ours are collected here, from the import on, and reported as
    Sphinx warnings.
    """
    collect = Collect()
    weasy_logger = std_logging.getLogger("weasyprint")
    weasy_logger.addHandler(collect)
    propagate, weasy_logger.propagate = weasy_logger.propagate, False
    try:
        weasyprint = _import_weasyprint()
        document = weasyprint.HTML(string=html, base_url=base_url,
                                   url_fetcher=local_fetcher()).render()
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            document.write_pdf(partial, pdf_variant=VARIANT)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)  # a failed write leaves nothing to publish
    finally:
        weasy_logger.removeHandler(collect)
        weasy_logger.propagate = propagate
    return len(document.pages), collect.records


def _import_weasyprint() -> Any:
    """WeasyPrint, or a message that says which system libraries to install."""
    try:
        import weasyprint
    except OSError as error:  # Pango and HarfBuzz come from the system, not from PyPI
        msg = (f"WeasyPrint cannot load its system libraries ({error}): install Pango, e.g. "
               "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
               "fonts-dejavu-core (docs/maintainers.md, \"PDFs\")")
        raise ExtensionError(msg, modname=__name__) from error
    return weasyprint


def check_translated(app: Sphinx) -> None:
    """Every interface string of the PDFs has a translation in this language's catalog."""
    language = app.config.language or "en"
    if language == "en":
        return
    shown = labels()
    missing = [msgid for key, msgid in labels(str).items() if shown[key] == msgid]
    if not missing:
        return
    import polib

    po = theme_catalog(language)
    entries = {e.msgid: e for e in polib.pofile(str(po))} if po.is_file() else {}
    for msgid in missing:
        entry = entries.get(msgid)
        where = f"{po}:{entry.linenum if entry else 1}"
        hint = "translate it" if entry else "run make theme-strings, then translate it"
        logger.warning("the PDF would show %r in English: %s", msgid, hint,
                       type="hdhkb", subtype="pdf", location=where)


class Pdfs:
    """This build's PDFs: rendered at ``env-updated``, linked from every page."""

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}  # document name → its PDF
        self.sizes: dict[str, int] = {}
        self.page_pdfs: dict[str, str] = {}  # page → the document name of its own PDF
        #: Sphinx's warnings so far: with ``hdhkb_strict`` (the build fails on any,
        #: ``-W``), a build that already warned renders no PDF (seconds saved on a
        #: build that publishes nothing anyway).
        self.warnings = Collect()

    def start(self, app: Sphinx) -> None:
        """``builder-inited``: count this build's warnings (Python's logging, Sphinx's logger)."""
        self.warnings.records = []
        sphinx_logger = std_logging.getLogger("sphinx")
        if self.warnings not in sphinx_logger.handlers:
            sphinx_logger.addHandler(self.warnings)

    def enabled(self, app: Sphinx) -> bool:
        return bool(app.config.hdhkb_pdf) and app.builder.name in BUILDERS

    def render(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: render what changed; every page again if a size as shown changed."""
        self.files, self.sizes, self.page_pdfs = {}, {}, {}
        if not self.enabled(app):
            return []
        if app.config.hdhkb_strict and self.warnings.records:
            logger.info("hdhkb.pdf: no PDF rendered: the build has already warned, and it fails "
                        "on warnings")
            return []
        check_translated(app)
        language = app.config.language or "en"
        state_path = Path(app.doctreedir) / STATE
        before, after = self._load(state_path), {}
        for document in documents(app):
            target = Path(app.outdir, FOLDER, document.filename(language))
            entry = self._render(app, document, target, before.get(target.name, {}))
            if entry is None:
                continue  # reported; no page links a PDF this build could not make
            after[target.name] = entry
            self.files[document.name] = target
            self.sizes[document.name] = after[target.name]["bytes"]
            if not document.whole:
                self.page_pdfs[document.docnames[0]] = document.name
        self._save(state_path, after)
        shown = {name: size_label(entry["bytes"], language) for name, entry in after.items()}
        was = {name: size_label(entry["bytes"], language) for name, entry in before.items()
               if name in after and "bytes" in entry}
        return sorted(env.found_docs) if shown != was else []

    def _render(self, app: Sphinx, document: PrintDocument, target: Path,
                previous: dict[str, Any]) -> dict[str, Any] | None:
        """Render *document* into *target* unless its input is the last build's (None: failed)."""
        linker = Linker(app.builder, set(document.docnames), app.config.html_baseurl)
        with logging.suppress_logging():  # each page's own writing reports its problems
            pages = {docname: render_page(app, docname, linker) for docname in document.docnames}
        html = print_html(app, document, pages)
        digest = hashlib.sha256(f"{VARIANT}\0{WEASYPRINT}\0{html}".encode()).hexdigest()
        entry = dict(previous)
        if previous.get("digest") != digest or not target.is_file():
            started = time.perf_counter()
            try:
                count, records = render_pdf(html, target, app.config.html_baseurl)
            except ExtensionError:
                raise
            except Exception as error:  # noqa: BLE001 (reported, at the page that causes it)
                self._report_failure(app, document, pages, target, error)
                return None
            entry = {"digest": digest, "pages": count,
                     "seconds": round(time.perf_counter() - started, 3)}
            self._report(records, target.name, linker.resources,
                         [Path(app.env.doc2path(docname)) for docname in document.docnames])
            logger.info("hdhkb.pdf: %s/%s: %d pages in %.2f s", FOLDER, target.name, count,
                        entry["seconds"])
        entry["bytes"] = target.stat().st_size
        return entry

    @staticmethod
    def _report_failure(app: Sphinx, document: PrintDocument, pages: dict[str, dict[str, Any]],
                        target: Path, error: Exception) -> None:
        """WeasyPrint failed: find the page it fails on (rendered alone), and say so there."""
        culprit = None
        if len(document.docnames) > 1:
            for docname in document.docnames:
                alone = PrintDocument(document.name, [docname], document.title, whole=False)
                with tempfile.TemporaryDirectory() as scratch:
                    try:
                        render_pdf(print_html(app, alone, {docname: pages[docname]}),
                                   Path(scratch, target.name), app.config.html_baseurl)
                    except Exception:  # noqa: BLE001 (this is the page we were looking for)
                        culprit = docname
                        break
        else:
            culprit = document.docnames[0]
        logger.warning("%s/%s: WeasyPrint failed (%s: %s); no PDF written", FOLDER, target.name,
                       type(error).__name__, error, type="hdhkb", subtype="pdf",
                       location=culprit)

    @staticmethod
    def _report(records: Iterable[std_logging.LogRecord], filename: str,
                resources: dict[str, nodes.Node], sources: list[Path]) -> None:
        """WeasyPrint's warnings, at the page (file:line) that names the resource if any:
        the node that holds it, else the source line that spells it (raw HTML)."""
        for record in records:
            message = record.getMessage()
            location: Any = next((node for url, node in resources.items() if url in message),
                                 None)
            quoted = re.search(r"'([^']+)'", message)
            if location is None and quoted:
                location = next((f"{path}:{number}" for path in sources if path.is_file()
                                 for number, line in enumerate(
                                     path.read_text(encoding="utf-8").splitlines(), 1)
                                 if quoted.group(1) in line), None)
            logger.warning("%s/%s: %s", FOLDER, filename, message, type="hdhkb", subtype="pdf",
                           location=location)

    @staticmethod
    def _load(path: Path) -> dict[str, Any]:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    @staticmethod
    def _save(path: Path, state: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(path)

    def expected(self, app: Sphinx, builder: Builder) -> list[Path]:
        """``hdhkb-expected-outputs``: this build's PDFs, rendered now or earlier."""
        return list(self.files.values()) if self.enabled(app) else []

    def links(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: nodes.document | None) -> None:
        """``html-page-context``: the page's links to its PDFs, with format and size."""
        if not self.files:
            return
        language = app.config.language or "en"
        text = labels()
        wanted = []
        if pagename in self.page_pdfs:
            wanted.append((self.page_pdfs[pagename], text["page_link"]))
        wanted.append((WHOLE, text["whole_link"]))
        context["hdhkb_pdf_links"] = [
            {"href": context["pathto"](f"{FOLDER}/{self.files[name].name}", 1),
             "text": label.format(size=size_label(self.sizes[name], language))}
            for name, label in wanted if name in self.files
        ]
        context["hdhkb_pdf_downloads_label"] = text["downloads"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.outputs")  # the event that keeps our PDFs
    app.setup_extension("hdhkb.ext.interface_catalog")  # the PDFs' strings in French
    app.setup_extension("hdhkb.ext.posting")
    app.setup_extension("hdhkb.ext.translation_status")
    app.add_config_value("hdhkb_pdf", False, "html", types=(bool,))
    app.add_config_value("hdhkb_pdf_pages", [], "html", types=(list,))
    app.add_config_value("hdhkb_authors", {}, "html", types=(dict,))
    # Set by make html / make dist (hdhkb.tools.html), which always build with -W.
    app.add_config_value("hdhkb_strict", False, "", types=(bool, int))
    pdfs = Pdfs()
    app.connect("builder-inited", pdfs.start)
    app.connect("env-updated", pdfs.render)
    app.connect("html-page-context", pdfs.links)
    app.connect(EXPECTED_EVENT, pdfs.expected)
    return hdhkb.PARALLEL_SAFE
