"""The reader's interface around the pages: our furo templates, CSS and French strings.

furo ships no translations, so a French reader would see "Back to top" or
"Toggle site navigation sidebar". Our own catalog,
``hdhkb/locale/<lang>/LC_MESSAGES/sphinx.po``, holds the theme's strings and
those of our templates. Sphinx loads its translator before ``config-inited``
(``Sphinx._init_i18n``), so adding a folder to ``locale_dirs`` there would come
too late: we compile the catalog and register it with
``app.add_message_catalog("sphinx", …)``, which merges it into the translator
that the templates' ``_()`` uses (after Sphinx's own French strings).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
#: Our catalogs of interface strings (domain ``sphinx``, like the theme's).
LOCALE = HERE / "locale"


def theme_catalog(language: str) -> Path:
    """The .po file of interface strings for *language*."""
    return LOCALE / language / "LC_MESSAGES" / "sphinx.po"


def add_interface(app: Sphinx, config: Config) -> None:
    """Add our templates, static files and interface catalog to this build."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.html_css_files = [
        *config.html_css_files,
        "hdhkb.css",
        ("hdhkb-print.css", {"media": "print"}),
    ]
    po = theme_catalog(config.language)
    if config.language == "en" or not po.is_file():
        if config.language != "en":
            logger.warning(
                "no interface catalog for %r: the theme stays in English (add %s)",
                config.language, po, type="hdhkb", subtype="interface",
            )
        return
    repo = CatalogRepository(str(app.srcdir), [str(LOCALE)], config.language, "utf-8")
    for catalog in repo.catalogs:
        if catalog.domain == "sphinx" and catalog.is_outdated():
            catalog.write_mo(config.language)
    app.add_message_catalog("sphinx", str(LOCALE))


def keep_templates_out_of_gettext(app: Sphinx) -> None:
    """Keep our templates' strings out of the page catalogs.

    Sphinx's gettext builder extracts the strings of every ``templates_path``
    folder into ``sphinx.pot``, which ``make update-po`` would turn into a
    second, empty ``locale/fr/LC_MESSAGES/sphinx.po``. Those strings live in
    our interface catalog (``python -m hdhkb theme-strings``) instead.
    """
    if app.builder.name == "gettext":
        app.config.templates_path = [
            path for path in app.config.templates_path if Path(path) != TEMPLATES
        ]


def outdated_by_catalog(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Rewrite every page when the interface catalog changed (it is no template)."""
    po = theme_catalog(app.config.language)
    mtime = po.stat().st_mtime_ns if po.is_file() else 0
    if getattr(env, "hdhkb_interface_mtime", mtime) == mtime:
        env.hdhkb_interface_mtime = mtime
        return []
    env.hdhkb_interface_mtime = mtime
    return sorted(env.found_docs - added - changed - removed)


def footer_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the footer the link to the accessibility statement, if the page exists."""
    target = app.config.hdhkb_accessibility_page
    href = ""
    if target in app.env.found_docs:
        href = context["pathto"](target)
    elif target:
        logger.warning(
            "hdhkb_accessibility_page %r is no page: the footer cannot link it",
            target, type="hdhkb", subtype="interface", once=True,
        )
    context["hdhkb_accessibility_href"] = href


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_accessibility_page", "accessibility", "html", types=(str,))
    app.connect("config-inited", add_interface, priority=200)
    app.connect("builder-inited", keep_templates_out_of_gettext)
    app.connect("env-get-outdated", outdated_by_catalog)
    app.connect("html-page-context", footer_context)
    return {
        "version": hdhkb.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
