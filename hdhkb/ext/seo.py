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

sphinxext-opengraph (0.13.0, and its main branch) prints "matplotlib is not
installed, social cards will not be generated" (``print()``) when its module is
imported, whatever ``ogp_social_cards`` says: no setting silences it, and it
goes to standard output even under ``-q``, in every build. Social cards are
off on purpose here (``conf.py``), so the sentence is noise there. We import
the module once, here, with its standard output captured
(:func:`import_opengraph`): the known sentence is dropped, anything else it
prints is passed on; and the condition the sentence is about becomes a real
warning, raised only when it matters (social cards enabled without
matplotlib: :func:`check_social_cards`).
"""

from __future__ import annotations

import contextlib
import html
import importlib
import importlib.util
import io
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

import hdhkb
from hdhkb.ext.languages import language_url, languages
from hdhkb.ext.switcher import site_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

OPENGRAPH = "sphinxext.opengraph"
#: What sphinxext-opengraph prints on import when matplotlib is missing.
NO_MATPLOTLIB = "matplotlib is not installed, social cards will not be generated\n"


def import_opengraph() -> None:
    """Import sphinxext-opengraph without its unconditional matplotlib notice."""
    if OPENGRAPH in sys.modules:
        return
    with contextlib.redirect_stdout(io.StringIO()) as captured:
        importlib.import_module(OPENGRAPH)
    rest = captured.getvalue().replace(NO_MATPLOTLIB, "", 1)
    if rest:
        sys.stdout.write(rest)


def check_social_cards(app: Sphinx, config: Config) -> None:
    """Warn (a real, ``-W`` fatal warning) if social cards are wanted but cannot be made."""
    cards = config.ogp_social_cards or {}
    if cards.get("enable", True) is False or importlib.util.find_spec("matplotlib") is not None:
        return
    conf = Path(app.confdir, "conf.py")
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("ogp_social_cards")), 0)
    logger.warning(
        "ogp_social_cards is enabled but matplotlib is not installed: no social card will be "
        "generated (set ogp_social_cards = {'enable': False} in conf.py, or install matplotlib)",
        type="hdhkb", subtype="opengraph", location=f"{conf}:{line}" if line else None,
    )


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
    import_opengraph()
    app.setup_extension(OPENGRAPH)
    app.setup_extension("notfound.extension")
    app.connect("config-inited", derive, priority=300)
    app.connect("html-page-context", describe, priority=400)  # the extension's: 500
    app.connect("config-inited", check_social_cards)
    return hdhkb.PARALLEL_SAFE
