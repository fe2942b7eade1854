"""The reader's interface around the pages: our furo templates, CSS and French strings.

furo ships no translations, so a French reader would see "Back to top" or
"Toggle site navigation sidebar": ``hdhkb.ext.interface_catalog`` (loaded from
here) gives the theme, our templates and our modules their French strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

import hdhkb
from hdhkb.ext.interface_catalog import theme_catalog

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

HERE = hdhkb.PACKAGE
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
def add_interface(app: Sphinx, config: Config) -> None:
    """Add our templates, static files and interface catalog to this build."""
    copyright_here = config.hdhkb_copyrights.get(config.language)
    if copyright_here:
        config.copyright = copyright_here  # the footer's holder, in the reader's language
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        # Else browsers ask for /favicon.ico, a 404 in every console.
        config.html_favicon = str(STATIC / "favicon.svg")
    config.html_css_files = [
        *config.html_css_files,
        "hdhkb.css",
        ("hdhkb-print.css", {"media": "print"}),
    ]


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
    data = env.domains[InterfaceDomain.name].data
    previous, data["catalog_mtime"] = data["catalog_mtime"], mtime
    if previous in (None, mtime):
        return []
    return sorted(env.found_docs - added - changed - removed)


class InterfaceDomain(Domain):
    """Build-wide state kept with the environment: when the interface catalog changed."""

    name = "hdhkb-interface"
    label = "hdhkb interface"
    initial_data: ClassVar[dict[str, Any]] = {"catalog_mtime": None}

    def clear_doc(self, docname: str) -> None:
        pass  # build-wide, not per document

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        pass  # set before reading, in the main process

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no cross-reference targets: MyST asks every domain


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


class AccessibleHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer, with toctree captions that are complete ARIA headings.

    Sphinx writes a toctree's caption (the page's and the sidebar's) as
    ``<p class="caption" role="heading">`` without the ``aria-level`` that
    ARIA 1.2 requires (axe-core: aria-required-attr, WCAG 4.1.2).
    """

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            attributes: dict[str, Any] = {"CLASS": "caption", "ROLE": "heading",
                                          "aria-level": "2"}
            self.body.append(self.starttag(node, "p", "", **attributes))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            self.add_secnumber(node)
            self.add_fignumber(parent)
            return
        super().visit_title(node)


class WrapperIdsStayInside(SphinxPostTransform):
    """furo's table and math wrappers must not repeat the ids of what they wrap.

    furo puts every table in a ``div.table-wrapper`` (and display maths in a
    ``div.math-wrapper``) so that it can scroll sideways; its post-transform
    (``WrapTableAndMathInAContainerTransform``, priority 500; furo 2025.12.19
    and its main branch) copies all of the wrapped node's attributes onto the
    wrapper, ids included. Sphinx gives a captioned table an id for its
    permalink, so such a table came out as two elements with one id: invalid
    HTML (the Nu validator's "Duplicate ID", tests/test_validators.py), and its
    ``#id`` link led to the wrapper. The id belongs to the table, which the
    caption's link names: right after furo's transform, before any HTML is
    written, the wrapper gives it back.
    """

    formats = ("html",)
    default_priority = 501  # just after furo's wrapping (500)
    WRAPPERS = frozenset({"table-wrapper", "math-wrapper"})

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if not self.WRAPPERS & set(wrapper["classes"]) or not wrapper.children:
                continue
            inner = wrapper.children[0]
            if isinstance(inner, nodes.Element) and wrapper["ids"] == inner["ids"]:
                wrapper["ids"] = []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_accessibility_page", "accessibility", "html", types=(str,))
    app.add_config_value("hdhkb_copyrights", {}, "html", types=(dict,))
    app.setup_extension("hdhkb.ext.interface_catalog")
    app.set_translator("html", AccessibleHTMLTranslator)
    app.set_translator("dirhtml", AccessibleHTMLTranslator)
    app.connect("config-inited", add_interface, priority=200)
    app.add_domain(InterfaceDomain)
    app.connect("builder-inited", keep_templates_out_of_gettext)
    app.connect("env-get-outdated", outdated_by_catalog)
    app.connect("html-page-context", footer_context)
    app.add_post_transform(WrapperIdsStayInside)
    return hdhkb.PARALLEL_SAFE
