"""Sitemaps, OpenGraph and the 404 page, set up for one build per language.

We use the well-kept extensions (sphinx-sitemap, sphinxext-opengraph,
sphinx-notfound-page) and only derive, once the language is known
(``config-inited``), the settings that differ per language:

- sphinx-sitemap writes ``<lang>/sitemap.xml`` with the URL scheme
  ``{lang}{link}`` under the site root, and lists every language as an
  alternate (``sitemap_locales``: its autodetection finds only ``fr`` in
  ``locale_dirs``). ``hdhkb.root`` (``make html``) adds the sitemap index.
- OpenGraph's ``og:url`` is per language, with ``og:locale`` and
  ``og:locale:alternate``.
- The 404 page is served at any depth, so its links are root-relative:
  ``notfound_urls_prefix`` is ``/<lang>/`` (below the base URL's path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import hdhkb
from hdhkb.languages import language_url
from hdhkb.switcher import site_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: OpenGraph locales (language_TERRITORY) of our language codes.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
#: Generated pages that are no content: kept out of the sitemaps.
NOT_IN_SITEMAP = ("search.html", "genindex.html", "404.html")


def derive(app: Sphinx, config: Config) -> None:
    """Fill in the per-language settings of the three extensions."""
    language = config.language
    languages = list(config.hdhkb_languages)
    root = language_url(config, language).removesuffix(f"{language}/")
    # sphinx-sitemap: <root><lang>/<page>, every language as an alternate.
    config.site_url = root
    config.sitemap_url_scheme = "{lang}{link}"
    if not config.sitemap_locales:
        config.sitemap_locales = languages
    config.sitemap_excludes = [*config.sitemap_excludes, *NOT_IN_SITEMAP]
    # sphinxext-opengraph: og:url under this language's root.
    config.ogp_site_url = language_url(config, language)
    tags = [
        f'<meta property="og:locale" content="{OG_LOCALES.get(language, language)}" />',
        *(
            f'<meta property="og:locale:alternate" content="{OG_LOCALES.get(code, code)}" />'
            for code in languages
            if code != language
        ),
    ]
    config.ogp_custom_meta_tags = [*config.ogp_custom_meta_tags, *tags]
    # sphinx-notfound-page: root-relative links under /<lang>/.
    config.notfound_urls_prefix = f"{site_path(config)}{language}/"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("sphinxext.opengraph")
    app.setup_extension("notfound.extension")
    app.connect("config-inited", derive, priority=300)
    return {
        "version": hdhkb.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
