"""Sphinx extensions and tools of the Health Data Hub knowledge base.

Four parts, each a folder:

- ``hdhkb.ext``: what readers get, one small Sphinx extension per feature;
  ``extensions = ["hdhkb"]`` loads them all (this module's :func:`setup`).
- ``hdhkb.speedups``: opt-in performance patches (``extensions = [...,
  "hdhkb.speedups"]``); the only place allowed to touch other packages'
  private internals, each patch naming its upstream issue.
- ``hdhkb.tools``: the commands behind the Makefile (``python -m hdhkb``),
  module name = command name.
- ``hdhkb.check``: the quality gates, shared by ``make check`` and the
  commands that publish.

Shared pieces live once, beside them: ``settings`` (the project's settings as
tools read them), ``catalogs`` (catalog reading and statistics), ``publish``
(staging, locking and swapping published trees).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.2.0"

#: The package folder: templates/, static/, locale/ (interface strings), root/.
PACKAGE = Path(__file__).parent

#: The reader features, loaded in this order (``hdhkb.ext.<name>``).
FEATURES: tuple[str, ...] = (
    "languages",
    "labels",  # page labels must not be named like pages
    "interface",
    "contact",  # the accessibility contact: statement and footer
    "switcher",
    "seo",
    "privacy",
    "facts",
    "posting",
    "postings_feed",  # the Atom feed of the postings
    "translation_status",
    "glossary_downloads",
    "lastupdated",  # each page's date: its last commit (English .md; French .md or .po)
    "editlinks",
    "pdf",  # the posting and the whole knowledge base as PDFs (hdhkb_pdf)
    "outputs",  # an incremental build leaves what a clean build would write
)

#: What every extension of ours returns from ``setup()``.
PARALLEL_SAFE: dict[str, Any] = {
    "version": __version__,
    "parallel_read_safe": True,
    "parallel_write_safe": True,
}


def setup(app: Sphinx) -> dict[str, Any]:
    for name in FEATURES:
        app.setup_extension(f"hdhkb.ext.{name}")
    return PARALLEL_SAFE
