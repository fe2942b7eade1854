"""Compiled page templates shared between the languages of one build.

Why: every Sphinx process compiles furo's Jinja templates (and ours) into
Python before it writes its first page: about a tenth of a small build. The
two languages build at the same time from the same templates, and the
English build reaches its pages first, so the French build can load what the
English one compiled. ``hdhkb_template_cache`` names a folder (``make html``
passes one inside the build folder, so a cold build starts without it); this
module gives it to Jinja as a ``FileSystemBytecodeCache`` (Jinja's own: it
writes each entry to a temporary file and renames it, and checks each entry
against the template's source, so an edited template is compiled again).
Compiled templates do not depend on the language: translated strings are
looked up when a page is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemBytecodeCache

import hdhkb
from hdhkb.speedups import add_switch, enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: What this works around upstream, and when to delete it.
UPSTREAM = (
    "Sphinx gives its Jinja environment no bytecode cache (no setting for one), so each "
    "language's build compiles every template again; no upstream issue"
)
DELETE_WHEN = "Sphinx offers a template bytecode cache setting, or the languages share one process"


def use_cache(app: Sphinx) -> None:
    folder = app.config.hdhkb_template_cache
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    # Off, or a builder without Jinja templates.
    if not folder or environment is None or not enabled(app.config):
        return
    path = Path(app.confdir, folder)  # relative to conf.py, like every path setting
    path.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(path))


def setup(app: Sphinx) -> dict[str, Any]:
    add_switch(app)
    # Not part of the environment: where compiled templates go changes no page.
    app.add_config_value("hdhkb_template_cache", "", "", types=(str,))
    app.connect("builder-inited", use_cache)
    return hdhkb.PARALLEL_SAFE
