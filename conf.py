"""Sphinx settings for the Health Data Hub knowledge base.

Settings only: everything that depends on the language (``-D language=fr`` is
applied *after* this file runs) is derived by the ``hdhkb`` package in a
``config-inited`` handler. See docs/maintainers.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT))  # our extension package lives beside this file

# -- Project -----------------------------------------------------------------
project = "Health Data Hub knowledge base"
author = "Health Data Hub knowledge base contributors"
copyright = "2026, Health Data Hub knowledge base contributors"

# -- Sources -----------------------------------------------------------------
extensions = [
    "myst_parser",
    "hdhkb",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/_*.md"]
templates_path: list[str] = []

myst_enable_extensions = [
    "colon_fence",
    "deflist",
    "substitution",
    "attrs_inline",
    "attrs_block",
]
# No heading slugs: they break in translated builds. Link to (label)= only.
myst_heading_anchors = 0

# -- Languages ---------------------------------------------------------------
language = "en"  # the source language; the French build passes -D language=fr
# Absolute: a relative path would be resolved against source/, not this folder,
# and the French build would silently come out in English.
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True
gettext_auto_build = True

# -- Our package (hdhkb) -----------------------------------------------------
# Public address of the published site; each language lives under <lang>/.
hdhkb_base_url = os.environ.get("HDHKB_BASE_URL", "https://kb.health-data-hub.example/")
hdhkb_languages = {"en": "English", "fr": "Français"}
hdhkb_titles = {
    "en": "Health Data Hub knowledge base",
    "fr": "Base de connaissances du Health Data Hub",
}

# -- HTML --------------------------------------------------------------------
html_theme = "furo"
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False
