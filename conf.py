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
    "hdhkb",  # the reader features (hdhkb/ext/)
    "hdhkb.speedups",  # opt-in performance patches; pages are the same without them
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
# Declared here once: Sphinx's extension, the Makefile and every tool read this
# table (hdhkb/settings.py). The first language is the source language (the
# pages in source/); the others are translated through locale/<code>/.
# name: in the language itself (the switcher); locale: with its region
# (og:locale, spelling dictionary); title: the site's title in that language.
hdhkb_languages = {
    "en": {"name": "English", "locale": "en_GB", "title": "Health Data Hub knowledge base"},
    "fr": {"name": "Français", "locale": "fr_FR",
           "title": "Base de connaissances du Health Data Hub"},
}
language = next(iter(hdhkb_languages))  # the French build passes -D language=fr
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

# -- HTML --------------------------------------------------------------------
html_theme = "furo"
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False

# -- External link check (make linkcheck; docs/maintainers.md, "Link checks") --
linkcheck_timeout = 20  # seconds per request; slower answers are reported "timeout"
linkcheck_retries = 3  # a link must fail 3 times in a row before it is "broken"
linkcheck_workers = 4  # parallel requests (per language)
linkcheck_rate_limit_timeout = 120.0  # back off on 429 for at most 2 min, then "broken"
linkcheck_anchors = True  # a #fragment must exist on the target page
linkcheck_report_timeouts_as_broken = False  # keep timeouts apart in the report
# GitHub renders heading anchors with JavaScript: they are not in the HTML.
linkcheck_anchors_ignore_for_url = [r"https://github\.com/.*"]
# Redirects that are not worth rewriting the link for; any other redirect is
# reported as "redirected" (not a failure): update the link to where it goes.
linkcheck_allowed_redirects = {
    r"https://health-data-hub\.fr(/.*)?": r"https://www\.health-data-hub\.fr(/.*)?",
    r"https://doi\.org/.*": r".*",  # a DOI always redirects to its publisher
}
# Hosts that refuse automated clients (403/999 or a JavaScript challenge):
# check these links by hand when they change.
linkcheck_ignore = [
    r"https://www\.legifrance\.gouv\.fr/.*",
    r"https://(www\.)?linkedin\.com/.*",
    r"https://(twitter|x)\.com/.*",
]

# -- Facts and the postings (hdhkb.ext.facts, .posting, .postings_feed; docs/maintainers.md) --
hdhkb_facts_file = "_data/facts.toml"  # relative to source/
# Each posting names its own facts in its posting-status directive (docs/editors.md).
hdhkb_posting_closing_soon_days = 14  # "closing soon" this many days before the deadline
hdhkb_posting_organisation = "Health Data Hub"  # hiringOrganization, and the feeds' author
hdhkb_postings_feed = "postings.atom"  # each language's Atom feed, at its root

# -- Languages in the interface (hdhkb.ext.interface, .switcher, .seo, .privacy) --
# Sidebar: furo's, minus its Read the Docs pieces, plus our language switcher.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "hdhkb/switcher.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
hdhkb_accessibility_page = "accessibility"  # linked from every page's footer
# The accessibility contact the RGAA statement must give (hdhkb.ext.contact):
# an e-mail address or an https URL (a contact form), shown in the statement
# and in every footer. "" = none published yet: the statement says so and the
# footer shows none. No source gives one for this site: never invent one.
hdhkb_accessibility_contact = ""
# The footer's copyright line per language (else `copyright`, in English).
hdhkb_copyrights = {"fr": "2026, les contributeurs de la base de connaissances du Health Data Hub"}
# Inline code the Content-Security-Policy allows, by hash: furo's theme script
# and its <style> of CSS variables. The build names any other (docs/maintainers.md).
hdhkb_csp_hashes = [
    "sha256-ySvT2PEZeueHGC1y2crNuNTfphBynFPP7i+U21fEgX0=",  # furo base.html: theme script
    "sha256-XWNpikcIxBYLwa+33Jaxv/CNbA81IPMijMNljM4Yapo=",  # furo: <style> of CSS variables
    "sha256-IOWYPccv4+GIAWz50PQ4hgBzwty+G8ckj9XrN5jdx6g=",  # genindex: style="width: 100%"
    "sha256-itW0NoK3C8M1jOge/Tr1fA0maziBatbkX3Yy257GoaQ=",  # genindex: column style
]
# sphinxext-opengraph, sphinx-notfound-page: the per-language values
# (ogp_site_url, og:locale, notfound_urls_prefix) are derived by hdhkb.ext.seo;
# each language's sitemap.xml is written by hdhkb.ext.sitemap.
ogp_social_cards = {"enable": False}  # needs matplotlib, and no image is wanted
ogp_type = "website"
notfound_template = "hdhkb/404.html"
notfound_context = {"title": "404", "body": ""}

# -- "Last updated" dates (hdhkb.ext.lastupdated; docs/maintainers.md) ----------
# Each page's footer gives the day its content last changed in git (English:
# the .md; French: the later of the .md and the page's .po), in this time zone.
git_last_updated_timezone = "Europe/Paris"
# In a shallow clone a page last changed before its first commit has no known
# date: it then shows none (rather than failing the build or a wrong date).
suppress_warnings = ["git.too_shallow"]

# -- "Edit this page" links (hdhkb.ext.editlinks; docs/maintainers.md, "Edit links") --
# The repository's https address on github.com, gitlab.com or bitbucket.org,
# e.g. "https://github.com/owner/name"; "" shows no edit/view link at all.
hdhkb_source_repository = ""
hdhkb_source_branch = "main"
hdhkb_source_directory = "source/"  # the pages' folder in the repository

# -- PDFs (hdhkb.ext.pdf; docs/maintainers.md, "PDFs") ---------------------------
# Each language's build can write pdf/knowledge-base-<lang>.pdf (every page in
# navigation order) and pdf/<page>-<lang>.pdf for these pages, and link them
# from every page. Off here (hdhkb_pdf = False, the extension's default):
# rendering takes seconds, so `make html` stays fast; `make pdf` and
# `make dist` pass -D hdhkb_pdf=1 (PDF=1).
hdhkb_pdf_pages = ["posting"]
# The PDFs' author (metadata and cover) per language (else `author`, in English).
hdhkb_authors = {"fr": "Les contributeurs de la base de connaissances du Health Data Hub"}

# -- Translation status (hdhkb.ext.translation_status; docs/translators.md) -------
# False: the release gate (make check) fails on any fuzzy or untranslated
# French message. True: partial translations may be published; French pages
# that show English say so in a banner either way.
hdhkb_allow_partial_translations = False
