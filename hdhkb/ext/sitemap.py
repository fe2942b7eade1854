"""``<lang>/sitemap.xml``: every page of the language, with its alternates in every language.

Why not sphinx-sitemap (which this replaced): it collects the pages as they
are written, so an incremental build's sitemap lists only the pages that
changed (3 URLs instead of 8 after editing one page), and it has no
``x-default`` alternate. Here the sitemap is written at the end of every
build from the environment's documents, the same for an incremental build as
for a clean one, in the sitemaps.org 0.9 format with ``xhtml:link``
alternates (Google's form of hreflang in sitemaps): one per language plus
``x-default``, the source language, exactly the set each page's ``<link
rel="alternate">`` tags carry (``hdhkb.ext.switcher``). ``publish`` adds the
sitemap index at the root.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import hdhkb
from hdhkb.ext.languages import language_url, languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def render(urls: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The sitemap of ``(url, [(hreflang, href)…])`` entries."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for url, alternates in urls:
        lines.append(f"  <url>\n    <loc>{escape(url)}</loc>")
        lines += [f'    <xhtml:link rel="alternate" hreflang={quoteattr(code)} '
                  f"href={quoteattr(href)}/>" for code, href in alternates]
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config = app.config
    codes = [language.code for language in languages(config)]
    urls = []
    for docname in sorted(app.env.found_docs):
        if docname in config.hdhkb_sitemap_excludes:
            continue
        uri = app.builder.get_target_uri(docname)
        alternates = [(code, language_url(config, code) + uri) for code in codes]
        alternates.append(("x-default", alternates[0][1]))
        urls.append((language_url(config, config.language) + uri, alternates))
    Path(app.outdir, "sitemap.xml").write_text(render(urls), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.languages")
    app.add_config_value("hdhkb_sitemap_excludes", [], "html", types=(list, tuple))
    app.connect("build-finished", write_sitemap)
    return hdhkb.PARALLEL_SAFE
