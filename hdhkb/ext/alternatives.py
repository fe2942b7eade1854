"""Directives whose content is one paragraph per case, of which each page keeps one.

Shared by the accessibility contact (with a published contact, without one:
``hdhkb.ext.contact``) and the posting banner (open, closing soon, closed:
``hdhkb.ext.posting``): every case is written in the page, so that each is
translated like any paragraph, and a post-transform keeps the one that
applies when the page is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def parse(directive: SphinxDirective, css_class: str,
          cases: Sequence[str]) -> tuple[nodes.container, bool]:
    """The directive's content in a container of *css_class*, each paragraph marked with
    its case (``<css_class>-<case>``); False when it is not one paragraph per case."""
    container = nodes.container(classes=[css_class])
    directive.set_source_info(container)
    directive.state.nested_parse(directive.content, directive.content_offset, container)
    paragraphs = [child for child in container.children if isinstance(child, nodes.paragraph)]
    if len(paragraphs) != len(cases) or len(container.children) != len(cases):
        return container, False
    for paragraph, case in zip(paragraphs, cases, strict=True):
        paragraph["classes"].append(f"{css_class}-{case}")
    return container, True


def keep(document: nodes.document, css_class: str, case: str | None) -> None:
    """In every container of *css_class*, keep the paragraph of *case* alone (the
    container is marked with it too); with no case, remove the container."""
    for container in list(document.findall(nodes.container)):
        if css_class not in container["classes"]:
            continue
        if case is None:
            container.parent.remove(container)
            continue
        kept = f"{css_class}-{case}"
        for paragraph in list(container.children):
            if not isinstance(paragraph, nodes.Element) or kept not in paragraph["classes"]:
                container.remove(paragraph)
        container["classes"].append(kept)
