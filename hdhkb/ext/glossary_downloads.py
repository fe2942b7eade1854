"""Publish the glossary as translation tools load it, and link it from the glossary page.

``make glossary`` writes the TBX and CSV exports for a translator at work
(:mod:`hdhkb.termbase`); the site publishes the same files, generated at every
HTML build from the same sources (the glossary page, its French catalog,
``locale/terminology.toml``), so the published tree never carries stale ones.
They go to ``_downloads/glossary/`` of each language. The
``{glossary-downloads}`` directive, placed on the glossary page, expands to
one link per file whose text names its languages, format and size (RGAA 4.1,
criterion 13.3: the reader knows what a download is before opening it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.units import format_unit
from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

import hdhkb
from hdhkb import termbase
from hdhkb.ext.languages import languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_ = get_translation("sphinx")

#: Where the exports go in each language's output folder.
FOLDER = "_downloads/glossary"


def labels() -> dict[str, str]:
    """Interface text, in the build's language (French in hdhkb/locale/…/sphinx.po)."""
    return {
        "intro": _("Translators can load this glossary, with its French terms and the names "
                   "kept as they are, into their translation tools:"),
        "glossary.tbx": _("Glossary in English and French, TBX file for Weblate and OmegaT, "
                          "{size}"),
        "glossary.csv": _("Glossary in English and French, CSV file for Weblate, {size}"),
    }


def sources(srcdir: str | Path, config: Config) -> termbase.Sources:
    locale_dir = Path(srcdir, config.locale_dirs[0]) if config.locale_dirs else Path(srcdir)
    return termbase.Sources(Path(srcdir), locale_dir, config.hdhkb_glossary_page)


def project(config: Config) -> str:
    """The site's name in its source language: the same files in every language's tree."""
    return languages(config)[0].title


def size(data: bytes, language: str) -> str:
    """``51 kB`` / ``51 ko``: kilobytes, in the reader's language."""
    kilobytes = max(1, round(len(data) / 1000))
    return format_unit(kilobytes, "digital-kilobyte", length="short", locale=language or "en")


class GlossaryDownloads(SphinxDirective):
    """``{glossary-downloads}``: a list of links to the published exports, with their size."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        found = sources(self.env.srcdir, self.config)
        for path in found.files:
            if path.is_file():
                self.env.note_dependency(str(path))
        files = termbase.exports(found, project(self.config))
        text = labels()
        depth = self.env.current_document.docname.count("/")
        intro = nodes.paragraph(text=text["intro"])
        items = nodes.bullet_list(classes=["hdhkb-glossary-downloads"])
        for name, data in files.items():
            link = nodes.reference(
                "", text[name].format(size=size(data, self.config.language)),
                refuri="../" * depth + f"{FOLDER}/{name}", internal=False)
            items += nodes.list_item("", nodes.paragraph("", "", link))
        result: list[nodes.Node] = [intro, items]
        for node in result:  # generated text: not a message of the page's catalog
            for element in node.findall(nodes.TextElement):
                element["translatable"] = False
        return result


def write_exports(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the exports, afresh, into every HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    found = sources(app.srcdir, app.config)
    if not (found.srcdir / f"{found.page}.md").is_file():
        return  # a project without a glossary page publishes no glossary
    folder = Path(app.outdir, FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in termbase.exports(found, project(app.config)).items():
        (folder / name).write_bytes(data)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.interface_catalog")  # French of labels()
    # The page (docname) whose {glossary} is the termbase; its catalog and the
    # terminology list are found in the first of locale_dirs.
    app.add_config_value("hdhkb_glossary_page", termbase.PAGE, "env", types=(str,))
    app.add_directive("glossary-downloads", GlossaryDownloads)
    app.connect("build-finished", write_exports)
    return hdhkb.PARALLEL_SAFE
