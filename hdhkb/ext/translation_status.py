"""Tell readers how far a page is translated, and list it all on a status page.

Sphinx shows the English text of an untranslated or fuzzy (stale) message in
the French build, silently. Sphinx ≥ 7.1 counts, per document, the
translatable nodes and those it translated (``document['translation_progress']``)
but it never applies a fuzzy entry, so only the catalog tells a stale message
from a missing one: we read it with polib. At read time each page's counts go
on ``env``; at page rendering a banner is put above the content of a French
page that shows English. The ``translation-status`` directive expands, at
build time, into a table of every catalog (``hdhkb.catalogs``) with the stale
messages as word diffs; it notes the catalogs as dependencies and is re-read
whenever a page is added, changed or removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import polib
from babel import Locale
from babel.numbers import format_decimal
from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

import hdhkb
from hdhkb.catalogs import (
    PageStats,
    from_json,
    language_stats,
    page_catalogs,
    page_stats,
    totals,
)
from hdhkb.ext.facts import NBSP
from hdhkb.ext.languages import languages, source_language

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Interface text (not page content: it never goes through a page catalog). The
#: French lives in our interface catalog, hdhkb/locale/fr/LC_MESSAGES/sphinx.po,
#: with the theme's strings (``make theme-strings`` extracts these ``_()`` calls).
_ = get_translation("sphinx")


def labels() -> dict[str, str]:
    """The interface strings, in the language of the build."""
    return {
        "partial_title": _("Incomplete translation"),
        "partial": _("This page is not fully translated yet: some passages are shown in "
                     "English."),
        "stale_title": _("Translation out of date"),
        "stale": _("The English version of this page is newer than this translation: "
                   "some passages are shown in English until their translation is updated."),
        "read": _("Read the English version"),
        "page": _("Page"),
        "translated": _("Translated"),
        "fuzzy": _("Out of date"),
        "untranslated": _("Untranslated"),
        "total": _("Total"),
        "messages": _("Messages"),
        "summary": _("{language}: {percent} of {total} messages translated, {fuzzy} out of "
                     "date, {untranslated} untranslated."),
        "stale_heading": _("Out-of-date passages in {language}"),
        "stale_intro": _("The English of these passages changed after they were translated "
                         "(removed words struck through, added words underlined):"),
        "no_previous": _("previous English not recorded"),
        "none_stale": _("No passage is out of date."),
        "caption": _("Translation progress, {language}"),
    }


def language_name(code: str, display: str) -> str:
    """``French`` / ``français``: the name of a language in the page's language."""
    return Locale.parse(code).get_language_name(display) or code


def percent(value: float, language: str) -> str:
    """``50,0 %`` with the one no-break space after a number (``hdhkb.ext.facts.NBSP``)."""
    number = format_decimal(value, format="#,##0.0", locale=language)
    return f"{number}{NBSP}%" if language == "fr" else f"{number}%"


class deleted(nodes.inline):  # noqa: N801 (docutils node naming)
    """Words removed from the English (``<del>``)."""


class inserted(nodes.inline):  # noqa: N801
    """Words added to the English (``<ins>``)."""


def _visit(tag: str):
    def visit(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, tag, ""))

    def depart(self, node: nodes.Element) -> None:
        self.body.append(f"</{tag}>")

    return visit, depart


def _text_marks(start: str, end: str):
    def visit(self, node: nodes.Element) -> None:
        self.add_text(start)

    def depart(self, node: nodes.Element) -> None:
        self.add_text(end)

    return visit, depart


class TranslationDomain(Domain):
    """Per-page translation state, kept with the environment (like ``sphinx.ext.duration``).

    ``progress``: docname -> counts of the page's messages; ``status_pages``:
    the pages that hold a ``translation-status`` directive (re-read whenever a
    page comes, goes or changes).
    """

    name = "hdhkb-translation"
    label = "hdhkb translation status"
    initial_data: ClassVar[dict[str, Any]] = {"progress": {}, "status_pages": {}}

    @property
    def progress(self) -> dict[str, dict[str, int]]:
        return self.data["progress"]

    @property
    def status_pages(self) -> dict[str, bool]:
        return self.data["status_pages"]

    def clear_doc(self, docname: str) -> None:
        self.progress.pop(docname, None)
        self.status_pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["progress"]:
                self.progress[docname] = otherdata["progress"][docname]
            if docname in otherdata["status_pages"]:
                self.status_pages[docname] = True

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no cross-reference targets: MyST asks every domain


def domain(env: BuildEnvironment) -> TranslationDomain:
    return env.domains[TranslationDomain.name]  # type: ignore[return-value]


def catalog_path(app: Sphinx, docname: str, language: str) -> Path | None:
    domain = docname_to_domain(docname, app.config.gettext_compact)
    for directory in app.config.locale_dirs:
        path = Path(app.srcdir, directory, language, "LC_MESSAGES", f"{domain}.po")
        if path.is_file():
            return path
    return None


def record_progress(app: Sphinx, doctree: nodes.document) -> None:
    """Count, per page, the messages shown in English because missing or stale."""
    env = app.env
    language = app.config.language
    if language == source_language(app.config):
        return
    docname = env.current_document.docname
    path = catalog_path(app, docname, language)
    if path is None:  # no catalog at all: every message is in English
        total, translated, fuzzy = len(list(extract_messages(doctree))), 0, 0
    else:
        env.note_dependency(str(path))
        progress = doctree.get("translation_progress", {"total": 0, "translated": 0})
        total, translated = progress["total"], progress["translated"]
        # Walk the page (extract_messages) and read its catalog (polib) only
        # to tell stale messages from missing ones: not needed when every
        # message of the page is translated, the usual case.
        english = [] if translated >= total else [
            (node, msg) for node, msg in extract_messages(doctree)
            if node.get("translated") is False]
        if english:
            applied = translated_but_unmarked([node for node, _ in english], path)
            translated += len(applied)
            english = [(node, msg) for node, msg in english if node not in applied]
        stale = {entry.msgid: entry.line for entry in page_stats(path, docname).stale} \
            if english else {}
        fuzzy = sum(1 for _node, msg in english if msg in stale)
        if app.config.hdhkb_release and not app.config.hdhkb_allow_partial_translations:
            refuse_english(app, path, english, stale)
    domain(env).progress[docname] = {
        "total": total, "translated": translated, "fuzzy": fuzzy,
        "untranslated": max(0, total - translated - fuzzy),
    }


def refuse_english(app: Sphinx, catalog: Path, english: list[tuple[nodes.Element, str]],
                   stale: dict[str, int]) -> None:
    """In a release, every message shown in English is an error, at the line to edit."""
    for node, msgid in english:
        if msgid in stale:
            logger.warning("stale translation (the English changed): %r; update the French "
                           "and delete the `#, fuzzy` line", msgid[:60], type="hdhkb",
                           subtype="release", location=f"{catalog}:{stale[msgid]}")
        else:
            logger.warning("not translated: %r shows in English; run `make update-po`, then "
                           "translate it in %s", msgid[:60], catalog, type="hdhkb",
                           subtype="release", location=node)


def translated_but_unmarked(candidates: list[nodes.Node], catalog: Path) -> list[nodes.Node]:
    """The toctrees (and other ``addnodes.translatable``) Sphinx translated without saying so.

    Sphinx's ``Locale`` transform applies a translatable node's messages (a
    toctree's ``:caption:``, its entries' titles) but leaves the node
    ``translated=False``, so its progress count calls a fully translated page
    incomplete (the French home page's « Sommaire »). Such a node counts as
    translated when each of its messages has a finished translation.
    """
    unmarked = [node for node in dict.fromkeys(candidates)
                if isinstance(node, addnodes.translatable)]
    if not unmarked:
        return []
    done = {entry.msgid for entry in polib.pofile(str(catalog), wrapwidth=0)
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags}
    return [node for node in unmarked
            if all(message in done for message in node.extract_original_messages())]


def add_banner(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    """Put the banners above the content of a page that shows English text."""
    progress = domain(app.env).progress.get(pagename)
    if doctree is None or not progress or "body" not in context:
        return
    text = labels()
    source = source_language(app.config)
    href = "../" * (pagename.count("/") + 1) + f"{source}/{app.builder.get_target_uri(pagename)}"
    link = Markup('<a href="{}" hreflang="{}">{}</a>').format(href, source, text["read"])
    html = Markup()
    for kind, count in (("partial", progress["untranslated"]), ("stale", progress["fuzzy"])):
        if count:
            html += Markup(
                '<div class="admonition warning hdhkb-translation-banner hdhkb-{kind}" '
                'role="note">\n<p class="admonition-title">{title}</p>\n'
                "<p>{message} {link}.</p>\n</div>\n"
            ).format(kind=kind, title=text[f"{kind}_title"], message=text[kind], link=link)
    if html:
        context["body"] = html + Markup(context["body"])


class TranslationStatus(SphinxDirective):
    """``{translation-status}``: progress of every catalog, and its stale messages."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        docname = self.env.current_document.docname
        domain(self.env).status_pages[docname] = True
        config = self.config
        text = labels()
        result: list[nodes.Node] = []
        for language in [entry.code for entry in languages(config)[1:]]:
            pages = self.statistics(language)
            result += self.summary(pages, language_name(language, config.language), text)
        # Generated text: not a message to extract into the .pot, nor to count
        # in the page's translation progress (it is already in the page's language).
        for node in result:
            for element in node.findall(nodes.TextElement):
                if not isinstance(element, nodes.Inline):  # inlines are skipped anyway
                    element["translatable"] = False
        return result

    def statistics(self, language: str) -> list[PageStats]:
        """*language*'s catalogs, counted.

        ``make html`` counts them once, after the gates read them, and gives
        every language's build the result (``hdhkb_catalog_stats``): no build
        but the language's own opens its catalogs. A plain ``sphinx-build``
        counts them here.
        """
        stats_file = self.config.hdhkb_catalog_stats
        if stats_file:
            self.env.note_dependency(str(stats_file))
            # The page's content comes from the catalogs (not read here): noted as
            # dependencies, they also date the page (hdhkb.ext.lastupdated).
            for directory in self.config.locale_dirs:
                messages = Path(self.env.srcdir, directory, language, "LC_MESSAGES")
                for path in page_catalogs(messages).values():
                    self.env.note_dependency(str(path))
            data = json.loads(Path(stats_file).read_text(encoding="utf-8"))
            return [from_json(page) for entry in data if entry["language"] == language
                    for page in entry["pages"]]
        pages = []
        for directory in self.config.locale_dirs:
            messages = Path(self.env.srcdir, directory, language, "LC_MESSAGES")
            for path in page_catalogs(messages).values():
                self.env.note_dependency(str(path))
            pages += language_stats(Path(self.env.srcdir, directory), language)
        return pages

    def summary(self, pages: list[PageStats], name: str, text: dict[str, str]) -> list[nodes.Node]:
        language = self.config.language
        total = totals(pages)
        intro = nodes.paragraph(text=text["summary"].format(
            language=name[:1].upper() + name[1:],
            percent=percent(total.percent(total.translated), language),
            total=total.total, fuzzy=total.fuzzy, untranslated=total.untranslated))
        out: list[nodes.Node] = [intro, self.table(pages, name, text)]
        out.append(nodes.rubric(text=text["stale_heading"].format(language=name)))
        stale_pages = [page for page in pages if page.stale]
        if not stale_pages:
            out.append(nodes.paragraph(text=text["none_stale"]))
            return out
        out.append(nodes.paragraph(text=text["stale_intro"]))
        items = nodes.bullet_list(classes=["hdhkb-stale"])
        for page in stale_pages:
            for stale in page.stale:
                para = nodes.paragraph()
                para += self.page_link(page)
                para += nodes.Text(" — ")
                if not stale.diff:
                    para += nodes.emphasis(text=f"({text['no_previous']}) ")
                    para += nodes.Text(stale.msgid)
                for op, words in stale.diff:
                    if op == "equal":
                        para += nodes.Text(words)
                        continue
                    core = words.rstrip()
                    para += (deleted if op == "delete" else inserted)(text=core)
                    para += nodes.Text(words[len(core):] or " ")
                items += nodes.list_item("", para)
        out.append(items)
        return out

    def page_link(self, page: PageStats) -> nodes.Node:
        if page.page not in self.env.found_docs:
            return nodes.literal(text=page.page)
        ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + page.page,
                                    refdoc=self.env.current_document.docname,
                                    refexplicit=False, refwarn=True)
        ref += nodes.inline(text=page.page)
        return ref

    def table(self, pages: list[PageStats], name: str, text: dict[str, str]) -> nodes.table:
        language = self.config.language
        heads = ["page", "translated", "fuzzy", "untranslated", "messages"]
        table = nodes.table(classes=["hdhkb-translation-status"])
        table += nodes.title(text=text["caption"].format(language=name))
        group = nodes.tgroup(cols=len(heads))
        table += group
        for width in (40, 15, 15, 15, 15):
            group += nodes.colspec(colwidth=width)
        head = nodes.row()
        for key in heads:
            head += nodes.entry("", nodes.paragraph(text=text[key]))
        group += nodes.thead("", head)
        body = nodes.tbody()
        for page in [*pages, totals(pages)]:
            row = nodes.row()
            first = self.page_link(page) if page.path else nodes.strong(text=text["total"])
            row += nodes.entry("", nodes.paragraph("", "", first))
            for count in (page.translated, page.fuzzy, page.untranslated):
                cell = f"{count}\u00a0({percent(page.percent(count), language)})"
                row += nodes.entry("", nodes.paragraph(text=cell))
            row += nodes.entry("", nodes.paragraph(text=str(page.total)))
            body += row
        group += body
        return table


def status_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                    removed: set[str]) -> list[str]:
    """The status page lists every page: re-read it when any page comes or goes."""
    if added or changed or removed:
        return sorted(set(domain(env).status_pages) - removed)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.interface_catalog")  # French of labels()
    app.setup_extension("hdhkb.ext.languages")
    # Read by the release gate too (hdhkb/check/complete.py): when True, pages
    # may be published partly translated, and the banners tell readers.
    app.add_config_value("hdhkb_allow_partial_translations", False, "env", types=(bool,))
    # A release build (make dist): what shows in English is an error, unless allowed above.
    app.add_config_value("hdhkb_release", False, "env", types=(bool, int))
    # Where make html leaves the catalogs' statistics (hdhkb.tools.html); "" = read them here.
    app.add_config_value("hdhkb_catalog_stats", "", "", types=(str,))
    app.add_domain(TranslationDomain)
    app.add_node(deleted, html=_visit("del"), text=_text_marks("[-", "-]"))
    app.add_node(inserted, html=_visit("ins"), text=_text_marks("{+", "+}"))
    app.add_directive("translation-status", TranslationStatus)
    app.connect("env-get-outdated", status_outdated)
    app.connect("doctree-read", record_progress)
    app.connect("html-page-context", add_banner)
    return hdhkb.PARALLEL_SAFE
