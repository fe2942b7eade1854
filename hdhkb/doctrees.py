"""Translated doctrees are pickled without a copy of the whole environment.

Why: Sphinx's i18n transform parses each French message into a small
document of its own and moves the resulting nodes into the page. Docutils
re-parents the moved nodes, but their descendants keep a reference to the
message's document, whose settings still hold the build environment (Sphinx
only detaches the environment from the page's own document before pickling
it). So every French ``.doctree`` carried a pickled copy of the environment:
62 KB instead of 5 KB for our home page, and on a 1,000-page site about
200 KB per page and most of the French build's time in ``pickle.dump``: the
build grew with the square of the site.

A ``doctree-read`` handler (after every read transform, before Sphinx pickles
the doctree) points each such node back at the page's document, where it now
belongs. ``tests/test_doctrees.py`` checks the pickles and that the pages
are unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import hdhkb

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def rehome(app: Sphinx, doctree: nodes.document) -> None:
    """Make every node of *doctree* belong to it (not to a message's document)."""
    if not app.config.hdhkb_doctree_rehome:
        return
    for node in doctree.findall(include_self=False):
        owner = getattr(node, "_document", None)
        if owner is not None and owner is not doctree:
            node.document = doctree


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("hdhkb_doctree_rehome", True, "env", types=(bool,))
    app.connect("doctree-read", rehome)
    return {
        "version": hdhkb.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
