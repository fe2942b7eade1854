"""The language switcher and the hreflang alternates of every page.

Each language is a separate build into ``<lang>/``, side by side, so the same
page in another language is ``../<other>/<same path>``: computed from the
page's depth, the link is relative and the tree works under any prefix. Search
engines need absolute URLs instead, so the ``<link rel="alternate"
hreflang>`` tags come from ``hdhkb_base_url``. furo has no switcher (furo#74):
``hdhkb/templates/hdhkb/switcher.html`` renders ``hdhkb_switcher`` in the
sidebar (``html_sidebars``) and in the mobile header (our ``page.html``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import hdhkb
from hdhkb.ext.languages import language_url, languages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Pages every language's build writes even though no source holds them.
GENERATED = frozenset({"genindex", "search"})
#: Pages whose template tells search engines not to index them (Sphinx's and
#: furo's search.html: ``<meta name="robots" content="noindex">``). hreflang
#: alternates on such a page would ask engines to index its other languages:
#: a mixed signal, so they get none (and are not in the sitemaps either).
NOINDEX = frozenset({"search"})


def site_path(config: Config) -> str:
    """Path of the site's root on its server, from ``hdhkb_base_url`` (``/`` usually)."""
    path = urlparse(config.hdhkb_base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def exists_everywhere(app: Sphinx, pagename: str) -> bool:
    """Whether *pagename* is built in every language.

    All languages are built from one source, so every document and Sphinx's
    generated pages exist in each; pages that other extensions add (extra
    templates, redirects…) may not, and their switcher goes to the home page.
    """
    return pagename in app.env.found_docs or pagename in GENERATED


def switcher_links(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """One link per language, to this page there (or that language's home)."""
    config = app.config
    here = config.language
    target = pagename if exists_everywhere(app, pagename) else config.root_doc
    uri = app.builder.get_target_uri(target)
    if pagename == getattr(config, "notfound_pagename", None):
        # The 404 page is served at any depth: only root-relative links work.
        up = site_path(config)
        uri = app.builder.get_target_uri(config.root_doc)
    else:
        up = "../" * (pagename.count("/") + 1)
    return [
        {
            "code": language.code,
            "name": language.name,
            "href": f"{up}{language.code}/{uri}",
            "current": language.code == here,
        }
        for language in languages(config)
    ]


def alternates(app: Sphinx, pagename: str) -> list[dict[str, str]]:
    """``hreflang`` alternates with absolute URLs; the first language is x-default.

    None for the 404 page (served at any address) nor for a ``noindex`` page.
    """
    config = app.config
    if pagename == getattr(config, "notfound_pagename", None) or pagename in NOINDEX:
        return []
    if not exists_everywhere(app, pagename):
        return []
    uri = app.builder.get_target_uri(pagename)
    links = [
        {"hreflang": language.code, "href": language_url(config, language.code) + uri}
        for language in languages(config)
    ]
    if links:
        links.append({"hreflang": "x-default", "href": links[0]["href"]})
    return links


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["hdhkb_switcher"] = switcher_links(app, pagename)
    context["hdhkb_alternates"] = alternates(app, pagename)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", page_context)
    return hdhkb.PARALLEL_SAFE
