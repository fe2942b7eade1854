"""OpenGraph and the 404 page, set up for one build per language.

We use the well-kept extensions (sphinxext-opengraph, sphinx-notfound-page)
and only derive, once the language is known (``config-inited``), the
settings that differ per language:

- OpenGraph's ``og:url`` is per language, with ``og:locale`` and
  ``og:locale:alternate`` (each language's ``locale`` in ``hdhkb_languages``).
- The 404 page is served at any depth, so its links are root-relative:
  ``notfound_urls_prefix`` is ``/<lang>/`` (below the base URL's path).

The sitemaps are ``hdhkb.ext.sitemap``'s (and ``hdhkb.publish`` writes the
sitemap index at the root).

Page descriptions (``og:description`` and ``<meta name="description">``): the
extension builds one by joining the page's text nodes with spaces, which reads
« ( EEDS) » for ``({term}`EEDS`)`` and glues a glossary term to its
definition (« CESREES, Le comité… »). So each page gets its description here,
through the extension's public per-page mechanism (the ``og:description``
field, and a ``<meta name="description">`` the extension then leaves alone):
the text of the page's opening paragraphs as readers read it, in the page's
language, cut at a word under ``ogp_description_length`` with an ellipsis.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

import hdhkb
from hdhkb.ext.languages import language_url, languages
from hdhkb.ext.switcher import site_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def derive(app: Sphinx, config: Config) -> None:
    """Fill in the per-language settings of the two extensions."""
    language = config.language
    table = {entry.code: entry for entry in languages(config)}
    # sphinxext-opengraph: og:url under this language's root.
    config.ogp_site_url = language_url(config, language)
    tags = [
        f'<meta property="og:locale" content="{table[language].locale}" />',
        *(
            f'<meta property="og:locale:alternate" content="{entry.locale}" />'
            for code, entry in table.items()
            if code != language
        ),
    ]
    config.ogp_custom_meta_tags = [*config.ogp_custom_meta_tags, *tags]
    # sphinx-notfound-page: root-relative links under /<lang>/.
    config.notfound_urls_prefix = f"{site_path(config)}{language}/"


#: Blocks whose paragraphs are not the page's running text.
NOT_PROSE = (nodes.Admonition, nodes.table, nodes.definition_list, nodes.footnote,
             nodes.citation, nodes.sidebar, nodes.topic, nodes.field_list, nodes.line_block)
#: Spaces to join, but not the no-break spaces of French typography.
SPACES = re.compile(r"[ \t\r\n]+")


def page_description(doctree: nodes.document, limit: int) -> str:
    """The page's opening text, as readers read it, in at most *limit* characters."""
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        while parent is not None and not isinstance(parent, NOT_PROSE):
            parent = parent.parent
        if parent is not None:
            continue
        text = f"{text} {SPACES.sub(' ', paragraph.astext()).strip()}".strip()
        if len(text) > limit:
            break
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return cut[: cut.rfind(" ")].rstrip(" ,;:") + "\u2026" if " " in cut else cut + "\u2026"


def describe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
             doctree: nodes.document | None) -> None:
    """``html-page-context``, before the extension's: this page's description."""
    if doctree is None:
        return
    text = page_description(doctree, app.config.ogp_description_length)
    if not text:
        return
    context["meta"] = {**(context.get("meta") or {}),
                       "og:description": html.escape(text, quote=False)}
    context["metatags"] = (context.get("metatags") or "") + (
        f'\n<meta name="description" content="{html.escape(text)}" />')


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.sitemap")
    app.setup_extension("sphinxext.opengraph")
    app.setup_extension("notfound.extension")
    app.connect("config-inited", derive, priority=300)
    app.connect("html-page-context", describe, priority=400)  # the extension's: 500
    return hdhkb.PARALLEL_SAFE
