"""Per-language settings, derived once the language is known.

``sphinx-build -D language=fr`` overrides ``language`` *after* ``conf.py`` has
run, so ``conf.py`` cannot branch on it. Everything that depends on the
language (base URL, title, date formats) is therefore computed here, in a
``config-inited`` handler, from a few typed ``hdhkb_*`` settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError
from sphinx.util import logging

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Date formats (strftime, rendered with Babel by Sphinx) per language.
DATE_FORMATS = {"en": "%d %B %Y", "fr": "%d %B %Y"}


def language_url(config: Config, language: str) -> str:
    """Absolute URL of a language's root, e.g. ``https://host/fr/``."""
    base = config.hdhkb_base_url
    if not base.endswith("/"):
        base += "/"
    return f"{base}{language}/"


def apply_language(app: Sphinx, config: Config) -> None:
    """Fill in the language-dependent settings for this build."""
    languages: dict[str, str] = config.hdhkb_languages
    language = config.language
    if language not in languages:
        msg = (
            f"language {language!r} is not one of hdhkb_languages "
            f"({', '.join(languages)}); add it to conf.py"
        )
        raise ConfigError(msg)
    config.html_baseurl = language_url(config, language)
    title = config.hdhkb_titles.get(language)
    if title:
        config.project = title
        config.html_title = title
    config.today_fmt = DATE_FORMATS.get(language, "%Y-%m-%d")
    config.html_last_updated_fmt = config.today_fmt
    context = dict(config.html_context)
    context.update(
        hdhkb_language=language,
        hdhkb_languages=languages,
        hdhkb_other_languages=[code for code in languages if code != language],
    )
    config.html_context = context


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_base_url", "https://example.org/", "html", types=(str,))
    app.add_config_value(
        "hdhkb_languages", {"en": "English"}, "html", types=(dict,)
    )
    app.add_config_value("hdhkb_titles", {}, "html", types=(dict,))
    # Early, so that other extensions read the derived values.
    app.connect("config-inited", apply_language, priority=100)
    return {
        "version": hdhkb.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
