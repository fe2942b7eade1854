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
from hdhkb.speedups import add_switch, enabled

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: What this works around upstream, and when to delete it.
UPSTREAM = (
    "Sphinx's i18n transform moves nodes parsed from a message into the page but their "
    "descendants keep docutils' private _document reference to the message's document "
    "(whose settings hold the environment), so each French doctree pickle carries the "
    "environment; not reported upstream yet (searched sphinx-doc/sphinx, 2026-12)"
)
DELETE_WHEN = (
    "a French .doctree of the site is as small with -D hdhkb_speedups=0 as with it "
    "(tests/test_doctrees.py and tests/test_speedups.py measure it)"
)


def rehome(app: Sphinx, doctree: nodes.document) -> None:
    """Make every node of *doctree* belong to it (not to a message's document)."""
    if not enabled(app.config):
        return
    for node in doctree.findall(include_self=False):
        owner = getattr(node, "_document", None)
        if owner is not None and owner is not doctree:
            node.document = doctree


def setup(app: Sphinx) -> dict[str, Any]:
    add_switch(app)
    app.connect("doctree-read", rehome)
    return hdhkb.PARALLEL_SAFE
