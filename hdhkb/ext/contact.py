"""The accessibility contact: one setting, shown in the statement and in every footer.

The RGAA's model statement gives readers a means of contact. It is one
setting, ``hdhkb_accessibility_contact`` in conf.py: an e-mail address or an
https URL (a contact form), or ``""`` while none is published. The site must
not invent one, and the statement must read right either way, in each language:

- ``{contact}`accessibility``` renders the contact as a link (``mailto:`` for
  an address), like ``{fact}`…``` renders a fact;
- the ``accessibility-contact`` directive holds two paragraphs, the first for
  a published contact, the second for none; the HTML build keeps the one that
  applies (both stay in the doctree, so both are extracted for translation,
  as with ``posting-status``);
- the footer adds "Accessibility contact: …" when there is one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

import hdhkb
from hdhkb.ext import alternatives

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}")
URL = re.compile(r"https://\S+")
#: The directive's container, and the classes of its two paragraphs.
CLASS = "hdhkb-accessibility-contact"
STATES = ("published", "unpublished")


def contact_link(value: str) -> tuple[str, str] | None:
    """(href, text) of the contact, or None when there is none."""
    if EMAIL.fullmatch(value):
        return f"mailto:{value}", value
    if URL.fullmatch(value):
        return value, value
    return None


def check_setting(app: Sphinx, config: Config) -> None:
    value = config.hdhkb_accessibility_contact
    if value and contact_link(value) is None:
        logger.warning(
            "hdhkb_accessibility_contact must be an e-mail address, an https URL or \"\" "
            "(none published yet), not %r: fix it in conf.py", value,
            type="hdhkb", subtype="contact",
        )


class ContactRole(SphinxRole):
    """``{contact}`accessibility``` → the contact, as a link."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if self.text.strip() != "accessibility":
            logger.warning("unknown contact %r: the only one is {contact}`accessibility`",
                           self.text, type="hdhkb", subtype="contact",
                           location=self.get_location())
            return [nodes.literal(self.rawtext, self.text)], []
        link = contact_link(self.config.hdhkb_accessibility_contact)
        if link is None:  # the paragraph that says so is the one the build keeps
            return [nodes.inline(self.rawtext, "", classes=[f"{CLASS}-none"])], []
        href, text = link
        return [nodes.reference(self.rawtext, text, refuri=href, classes=[CLASS])], []


class ContactDirective(SphinxDirective):
    """Two paragraphs: with a published contact, and without; see the module docstring."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        container, ok = alternatives.parse(self, CLASS, STATES)
        if not ok:
            logger.warning(
                "accessibility-contact needs exactly 2 paragraphs (with a contact, without "
                "one), found %d blocks", len(container.children),
                type="hdhkb", subtype="contact", location=self.get_location(),
            )
            return []
        return [container]


class SelectParagraph(SphinxPostTransform):
    """Keep the paragraph that matches the setting (HTML builders only)."""

    default_priority = 200
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:
        state = STATES[0] if contact_link(self.config.hdhkb_accessibility_contact) else STATES[1]
        alternatives.keep(self.document, CLASS, state)


def footer_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: Any) -> None:
    link = contact_link(app.config.hdhkb_accessibility_contact)
    context["hdhkb_accessibility_contact"] = (
        {"href": link[0], "text": link[1]} if link else None)


def setup(app: Sphinx) -> dict[str, Any]:
    # "env": the statement's text depends on it.
    app.add_config_value("hdhkb_accessibility_contact", "", "env", types=(str,))
    app.connect("config-inited", check_setting)
    app.add_role("contact", ContactRole())
    app.add_directive("accessibility-contact", ContactDirective)
    app.add_post_transform(SelectParagraph)
    app.connect("html-page-context", footer_context)
    return hdhkb.PARALLEL_SAFE
