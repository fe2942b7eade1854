"""Sphinx extensions of the Health Data Hub knowledge base.

``extensions = ["hdhkb"]`` loads every feature module below as its own Sphinx
extension, so each keeps a small ``setup(app)`` of its own (config values,
events, parallel-safety flags) in the style of ``sphinx/ext/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Feature modules, loaded in this order. One module per feature.
FEATURES: tuple[str, ...] = (
    "hdhkb.languages",
    "hdhkb.labels",  # page labels must not be named like pages
    "hdhkb.navigation",  # issue 8: furo navigation rendered once per build
    "hdhkb.markdown",  # issue 8: MyST parsing without a fixed cost per message
    "hdhkb.doctrees",  # issue 8: French doctrees pickled without the environment
    "hdhkb.templatecache",  # issue 8: compiled templates shared by the languages
    "hdhkb.interface", "hdhkb.switcher", "hdhkb.seo", "hdhkb.privacy",  # issue 4
    "hdhkb.facts",
    "hdhkb.posting",
    "hdhkb.translation_status",  # issues 5, 9
    "hdhkb.editlinks",  # issue 7: "Edit this page" links
)


def setup(app: Sphinx) -> dict[str, Any]:
    for name in FEATURES:
        app.setup_extension(name)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
