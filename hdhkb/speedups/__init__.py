"""Opt-in performance patches: ``extensions = [..., "hdhkb.speedups"]`` in conf.py.

Every module here makes the build faster by relying on something another
package does not promise (a private name, the exact shape of a call or of
rendered HTML). So each one:

- states the upstream issue or pull request it works around and the condition
  for deleting it (its module docstring, ``UPSTREAM`` and ``DELETE_WHEN``);
- has canary tests (``tests/test_<patch>.py``) that fail when upstream
  changes under it;
- gives byte-identical pages when off: ``-D hdhkb_speedups=0`` (or not loading
  this extension) turns every patch off, and the site is the same, only slower
  (``tests/test_speedups.py`` compares every file of both languages).

Nowhere else in the package is another package's private name used (a test
scans the code for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import hdhkb

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The patches, in loading order (``hdhkb.speedups.<name>``).
PATCHES: tuple[str, ...] = ("navigation", "markdown", "doctrees", "templatecache")


def enabled(config: Config) -> bool:
    """Whether the patches apply to this build (``hdhkb_speedups``)."""
    return bool(config.hdhkb_speedups)


def add_switch(app: Sphinx) -> None:
    """Register ``hdhkb_speedups`` once (each patch may be loaded on its own)."""
    if "hdhkb_speedups" not in app.config:
        # Not "env": the patches change how pages are made, never what they contain.
        app.add_config_value("hdhkb_speedups", True, "", types=(bool, int))


def setup(app: Sphinx) -> dict[str, Any]:
    add_switch(app)
    for name in PATCHES:
        app.setup_extension(f"hdhkb.speedups.{name}")
    return hdhkb.PARALLEL_SAFE
