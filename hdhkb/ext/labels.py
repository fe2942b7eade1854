"""Labels must not share a name with a page.

Why: MyST resolves ``[text](#name)`` against labels *and* documents, so a
label ``(europe)=`` in ``europe.md`` makes every ``#europe`` link ambiguous
(``myst.xref_ambiguous``), and only when someone first links to it. We name
page labels ``<page>-page`` and this check says so at the label itself, at
build time, before anyone links to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def _line(env: BuildEnvironment, docname: str, labelid: str) -> int | None:
    """Line of the target that defines *labelid* (only read on the error path)."""
    doctree = env.get_doctree(docname)
    for target in doctree.findall(nodes.target):  # the ``(label)=`` line itself
        if target.get("refid") == labelid and target.line:
            return target.line
    for element in doctree.findall(nodes.Element):
        if labelid in element.get("ids", ()) and element.line:
            return element.line
    return None


def check_labels(app: Sphinx, env: BuildEnvironment) -> None:
    std = env.domains.standard_domain
    clashes = sorted(
        (name, docname, labelid)
        for name, (docname, labelid) in std.anonlabels.items()
        if name in env.found_docs and docname
    )
    for name, docname, labelid in clashes:
        logger.warning(
            "label %r has the name of the page %r, so links to '#%s' are ambiguous: "
            "rename it (%s)= — page labels are named <page>-page",
            name, name, name, f"{name}-page",
            type="hdhkb", subtype="label_clash",
            location=(docname, _line(env, docname, labelid)),
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-check-consistency", check_labels)
    return hdhkb.PARALLEL_SAFE
