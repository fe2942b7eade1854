"""Per-language settings, derived once the language is known.

``sphinx-build -D language=fr`` overrides ``language`` *after* ``conf.py`` has
run, so ``conf.py`` cannot branch on it. Everything that depends on the
language (base URL, title, date formats) is therefore computed here, in a
``config-inited`` handler, from the one table of languages
(``hdhkb_languages``, read by :func:`hdhkb.settings.languages_from`, as every
tool reads it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

import hdhkb
from hdhkb.settings import Language, SettingsError, languages_from

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Date formats (strftime, rendered with Babel by Sphinx) per language, for
#: ``|today|``: no leading zero. The pages' "last updated" dates are written by
#: ``hdhkb.ext.lastupdated`` (« 1er décembre 2026 », which no format string gives).
DATE_FORMATS = {"en": "%-d %B %Y", "fr": "%-d %B %Y"}
#: Between a page's title and the site's in ``<title>``: a spaced en dash, as
#: French typography writes an incise (« Glossaire – Base de connaissances… »),
#: and as British English does too; not furo's hyphen.
TITLE_SEPARATORS = {"en": " \u2013 ", "fr": " \u2013 "}


def languages(config: Config) -> list[Language]:
    """The site's languages, the source language first."""
    try:
        return languages_from(config.hdhkb_languages)
    except SettingsError as error:
        raise ConfigError(str(error)) from None


def source_language(config: Config) -> str:
    """The language of the pages in ``source/`` (the first of ``hdhkb_languages``)."""
    return languages(config)[0].code


def language_url(config: Config, language: str) -> str:
    """Absolute URL of a language's root, e.g. ``https://host/fr/``."""
    base = config.hdhkb_base_url
    if not base.endswith("/"):
        base += "/"
    return f"{base}{language}/"


def apply_language(app: Sphinx, config: Config) -> None:
    """Fill in the language-dependent settings for this build."""
    table = {language.code: language for language in languages(config)}
    language = config.language
    if language not in table:
        msg = (
            f"language {language!r} is not one of hdhkb_languages "
            f"({', '.join(table)}); add it to conf.py"
        )
        raise ConfigError(msg)
    config.html_baseurl = language_url(config, language)
    config.project = table[language].title
    config.html_title = table[language].title
    config.today_fmt = DATE_FORMATS.get(language, "%Y-%m-%d")
    config.html_last_updated_fmt = config.today_fmt  # not None: pages have a date
    context = dict(config.html_context)
    context.update(
        hdhkb_language=language,
        hdhkb_languages={code: entry.name for code, entry in table.items()},
        hdhkb_other_languages=[code for code in table if code != language],
        hdhkb_title_separator=TITLE_SEPARATORS.get(language, " \u2013 "),
    )
    config.html_context = context


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_base_url", "https://example.org/", "html", types=(str,))
    app.add_config_value(
        "hdhkb_languages",
        {"en": {"name": "English", "locale": "en_GB", "title": "Documentation"}},
        "env", types=(dict,),
    )
    # Early, so that other extensions read the derived values.
    app.connect("config-inited", apply_language, priority=100)
    return hdhkb.PARALLEL_SAFE
