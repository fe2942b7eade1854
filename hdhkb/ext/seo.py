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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("hdhkb.ext.sitemap")
    app.setup_extension("sphinxext.opengraph")
    app.setup_extension("notfound.extension")
    app.connect("config-inited", derive, priority=300)
    return hdhkb.PARALLEL_SAFE
